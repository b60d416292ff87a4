import { assertKnownKeys, assertNumber, ConfigError } from '@strata/core';
import { finiteValue, finiteValues, jsonOptions, type Preprocessor } from './preprocessor.js';
import { quantileSorted } from './quantile.js';

/** Options of `robustScale`: the quantile range in percent (default [25, 75], the interquartile range). */
export interface RobustScaleOptions {
  readonly quantileRange?: readonly [number, number];
}

/** The fitted state of `robustScale`: the training median and the width of the quantile range. */
export interface RobustScaleState {
  readonly median: number;
  readonly scale: number;
}

/**
 * Scales a numeric column by statistics that outliers barely move: `(x − median) / IQR`, as
 * scikit-learn's RobustScaler. Quantiles interpolate linearly between ranks (NumPy's default). A zero
 * range is replaced by 1 (only centred).
 *
 * @example
 * ```ts
 * import { robustScale } from '@strata/data';
 *
 * const step = robustScale();
 * // Sorted [1, 2, 3, 4, 100]: median 3, Q1 2, Q3 4, so IQR 2; the outlier does not move them.
 * const state = step.fit([4, 1, 100, 3, 2]);
 * state; // => { median: 3, scale: 2 }
 * step.transform(state, 7); // => 2
 * ```
 */
export function robustScale(
  options: RobustScaleOptions = {},
): Preprocessor<unknown, number, RobustScaleState> {
  const label = 'robustScale';
  assertKnownKeys(options, ['quantileRange'], `${label}(options)`);
  const [qLo, qHi] = options.quantileRange ?? [25, 75];
  assertNumber(qLo, `${label}({quantileRange})`, { min: 0, max: 100 });
  assertNumber(qHi, `${label}({quantileRange})`, { min: 0, max: 100 });
  if (!(qHi > qLo)) {
    throw new ConfigError(
      `${label}({quantileRange})`,
      `must be [low, high] with low < high, got [${qLo}, ${qHi}]`,
    );
  }
  return {
    kind: 'robustScale',
    options: jsonOptions(options),
    fit(values) {
      const sorted = finiteValues(values, `${label}.fit`).sort((a, b) => a - b);
      const scale = quantileSorted(sorted, qHi / 100) - quantileSorted(sorted, qLo / 100);
      return { median: quantileSorted(sorted, 0.5), scale };
    },
    transform(state, value) {
      const x = finiteValue(value, `${label}.transform`);
      return (x - state.median) / (state.scale === 0 ? 1 : state.scale);
    },
    width: () => 1,
  };
}
