import { assertInteger, assertKnownKeys, assertOneOf, DataError } from '@strata/core';
import { isMissing, jsonOptions, oneHotVector, type Preprocessor } from './preprocessor.js';
import { stableHash } from './stable-hash.js';

/** Options of `hashing`. */
export interface HashingOptions {
  /** The number of bins (buckets). */
  readonly numBins: number;
  /** Mixed into every hash, so two hashed columns collide differently. */
  readonly salt?: string;
  /** 'int' (default): the bin; 'oneHot': a vector of `numBins`. */
  readonly output?: 'int' | 'oneHot';
}

/**
 * Hashes a categorical value (string or number, by its text) into `numBins` bins with `stableHash`
 * (FNV-1a over UTF-8): `stableHash(salt + text) mod numBins`. Needs no vocabulary, so it suits
 * high-cardinality columns (user ids); `fit` learns nothing (its state is `{}`). Missing values are
 * hashed as the empty string.
 *
 * @example
 * ```ts
 * import { hashing, stableHash } from '@strata/data';
 *
 * const step = hashing({ numBins: 16 });
 * const state = step.fit([]);
 * step.transform(state, 'user-42') === stableHash('user-42') % 16; // => true
 * step.transform(state, 'user-42') === step.transform(state, 'user-42'); // => true
 * ```
 */
export function hashing(
  options: HashingOptions,
): Preprocessor<unknown, number | number[], Record<string, never>> {
  const label = 'hashing';
  assertKnownKeys(options, ['numBins', 'salt', 'output'], `${label}(options)`);
  const { numBins, salt = '', output = 'int' } = options;
  assertInteger(numBins, `${label}({numBins})`);
  assertOneOf(output, ['int', 'oneHot'], `${label}({output})`);
  return {
    kind: 'hashing',
    options: jsonOptions(options),
    fit: () => ({}),
    transform(_state, value) {
      if (!isMissing(value) && typeof value !== 'string' && typeof value !== 'number') {
        throw new DataError(`${label}.transform`, `expected a string or a number, got ${typeof value}`);
      }
      const bin = stableHash(salt + (isMissing(value) ? '' : String(value))) % numBins;
      return output === 'int' ? bin : oneHotVector(bin, numBins);
    },
    width: () => (output === 'int' ? 1 : numBins),
  };
}
