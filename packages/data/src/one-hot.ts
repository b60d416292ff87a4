import { assertKnownKeys, DataError } from '@strata/core';
import { type LookupOptions, type LookupState, lookup } from './lookup.js';
import { jsonOptions, type Preprocessor } from './preprocessor.js';

/** Options of `oneHot`: those of the lookups except `output` (always one-hot). */
export type OneHotOptions = Omit<LookupOptions<string | number>, 'output'>;

/**
 * One-hot encodes a categorical column of strings or numbers with a vocabulary learned from training
 * values: the vector has `numOovIndices` (default 1) out-of-vocabulary positions first, then one per
 * category, most frequent first (the layout of Keras' StringLookup with `output_mode='one_hot'`).
 * `1` and `'1'` are different categories.
 *
 * @example
 * ```ts
 * import { oneHot } from '@strata/data';
 *
 * const step = oneHot();
 * const state = step.fit(['red', 'green', 'red']);
 * step.transform(state, 'green'); // => [0, 0, 1]
 * step.transform(state, 'blue'); // => [1, 0, 0]
 * step.width(state); // => 3
 * ```
 */
export function oneHot(
  options: OneHotOptions = {},
): Preprocessor<unknown, number[], LookupState<string | number>> {
  assertKnownKeys(options, ['numOovIndices', 'maxTokens', 'minCount', 'vocabulary'], 'oneHot(options)');
  const step = lookup<string | number>('oneHot', { ...options, output: 'oneHot' }, (value, label) => {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new DataError(
        label,
        `expected a string or a finite number, got ${JSON.stringify(value) ?? String(value)}`,
      );
    }
    return value;
  });
  // Saved options are the caller's, so loadFeatureSpace rebuilds oneHot(options) exactly.
  return {
    ...step,
    options: jsonOptions(options),
    transform: step.transform as Preprocessor<unknown, number[], LookupState<string | number>>['transform'],
  };
}
