import { assertKnownKeys } from '@strata/core';
import { finiteValue, finiteValues, type Preprocessor } from './preprocessor.js';

/** The fitted state of `standardize`: the training mean and population standard deviation. */
export interface StandardizeState {
  readonly mean: number;
  readonly std: number;
}

/**
 * Scales a numeric column to zero mean and unit variance: `(x − mean) / std`, with the mean and the
 * population standard deviation (ddof 0, as scikit-learn's StandardScaler and Keras' Normalization)
 * fitted on training values. A constant column has std 0 and is only centred (divided by 1), as
 * scikit-learn does, instead of dividing by zero.
 *
 * @example
 * ```ts
 * import { standardize } from '@strata/data';
 *
 * const step = standardize();
 * const state = step.fit([1, 2, 3, 4]); // mean 2.5, std √1.25
 * state.mean; // => 2.5
 * step.transform(state, 2.5); // => 0
 * step.transform(state, 2.5 + Math.sqrt(1.25)); // => 1
 * ```
 */
export function standardize(
  options: Record<string, never> = {},
): Preprocessor<unknown, number, StandardizeState> {
  const label = 'standardize';
  assertKnownKeys(options, [], `${label}(options)`);
  return {
    kind: 'standardize',
    options: {},
    fit(values) {
      const xs = finiteValues(values, `${label}.fit`);
      let mean = 0;
      for (const x of xs) mean += x;
      mean /= xs.length;
      let ss = 0;
      for (const x of xs) ss += (x - mean) ** 2;
      return { mean, std: Math.sqrt(ss / xs.length) };
    },
    transform(state, value) {
      const x = finiteValue(value, `${label}.transform`);
      return (x - state.mean) / (state.std === 0 ? 1 : state.std);
    },
    width: () => 1,
  };
}
