import { DataError } from '@strata/core';
import { type LookupOptions, type LookupState, lookup } from './lookup.js';
import type { Preprocessor } from './preprocessor.js';

/**
 * Maps integer codes (ids, zip codes, category numbers) to contiguous indices learned from the training
 * column (Keras' IntegerLookup): OOV buckets first, then the vocabulary, most frequent first (ties in
 * numeric order). Unseen and missing values go to an OOV bucket.
 *
 * @example
 * ```ts
 * import { integerLookup } from '@strata/data';
 *
 * const step = integerLookup({ numOovIndices: 2 });
 * const state = step.fit([7, 42, 42, 7, 42]);
 * state.vocabulary; // => [42, 7]
 * [step.transform(state, 42), step.transform(state, 7)]; // => [2, 3]
 * step.transform(state, 1000) < 2; // => true
 * ```
 */
export function integerLookup(
  options: LookupOptions<number> = {},
): Preprocessor<unknown, number | number[], LookupState<number>> {
  return lookup('integerLookup', options, (value, label) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new DataError(label, `expected an integer, got ${JSON.stringify(value) ?? String(value)}`);
    }
    return value;
  });
}
