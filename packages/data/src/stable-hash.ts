const encoder = new TextEncoder();

/**
 * A stable 32-bit hash of a string: FNV-1a (Fowler, Noll, Vo; offset basis 0x811c9dc5, prime 16777619)
 * over the string's UTF-8 bytes. The same string gives the same hash on every machine, run and
 * version, so hashed features and out-of-vocabulary buckets saved beside a model stay valid. (Keras'
 * Hashing layer uses FarmHash Fingerprint64 instead, so bucket numbers differ from Keras'.)
 *
 * @example
 * ```ts
 * import { stableHash } from '@strata/data';
 *
 * // Published FNV-1a test vectors.
 * stableHash('').toString(16); // => '811c9dc5'
 * stableHash('a').toString(16); // => 'e40c292c'
 * stableHash('foobar').toString(16); // => 'bf9cf968'
 * ```
 */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
