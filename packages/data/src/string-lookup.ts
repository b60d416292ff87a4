import { DataError } from '@strata/core';
import { type LookupOptions, type LookupState, lookup } from './lookup.js';
import type { Preprocessor } from './preprocessor.js';

/**
 * Maps strings to integer indices learned from the training column (Keras' StringLookup): indices
 * `0 … numOovIndices − 1` are the out-of-vocabulary buckets, then the vocabulary, most frequent first
 * (ties in string order). Unseen and missing values go to an OOV bucket. `output: 'oneHot'` gives the
 * one-hot vector of that index instead.
 *
 * @example
 * ```ts
 * import { stringLookup } from '@strata/data';
 *
 * const step = stringLookup();
 * const state = step.fit(['b', 'a', 'b', 'c', 'b', 'a']);
 * state.vocabulary; // => ['b', 'a', 'c']
 * ['a', 'b', 'c', 'never seen'].map((s) => step.transform(state, s)); // => [2, 1, 3, 0]
 * stringLookup({ output: 'oneHot' }).transform(state, 'a'); // => [0, 0, 1, 0]
 * ```
 */
export function stringLookup(
  options: LookupOptions<string> = {},
): Preprocessor<unknown, number | number[], LookupState<string>> {
  return lookup('stringLookup', options, (value, label) => {
    if (typeof value !== 'string') {
      throw new DataError(
        label,
        `expected a string, got ${JSON.stringify(value) ?? String(value)}; use integerLookup for numbers`,
      );
    }
    return value;
  });
}
