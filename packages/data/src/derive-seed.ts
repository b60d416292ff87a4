/** MurmurHash3's 32-bit finalizer (Appleby, public domain): full avalanche on 32 bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seed in [0, 2^53) derived from `seed` and a pass key such as `[epoch]`. Hashing (rather than
 * `rng.split()` k times) makes epoch k cost O(1), and (unlike PCG's stream selector) gives unrelated
 * streams for neighbouring epochs. `shuffle` uses it for epoch e as `createRng(deriveSeed(seed, [e]))`;
 * other seeded per-epoch work (augmentation) can do the same.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { deriveSeed } from '@strata/data';
 *
 * const epoch = 3;
 * const rng = createRng(deriveSeed(42, [epoch])); // this epoch's own stream
 * deriveSeed(42, [3]) === deriveSeed(42, [3]); // => true
 * deriveSeed(42, [3]) === deriveSeed(42, [4]); // => false
 * deriveSeed(42, []); // => 42
 * rng.nextUint32() === createRng(deriveSeed(42, [3])).nextUint32(); // => true
 * ```
 */
export function deriveSeed(seed: number, key: readonly number[]): number {
  let lo = seed >>> 0;
  let hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  for (const k of key) {
    const kLo = k >>> 0;
    const kHi = Math.floor(k / 0x1_0000_0000) >>> 0;
    // Two rounds so every bit of (seed, k) reaches every output bit.
    lo = fmix32(lo ^ fmix32(kLo + 0x9e3779b9));
    hi = fmix32(hi ^ fmix32(kHi ^ lo ^ 0x7f4a7c15));
    lo = fmix32(lo ^ hi);
  }
  return (hi & 0x1fffff) * 0x1_0000_0000 + lo;
}
