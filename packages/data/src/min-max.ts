import { assertKnownKeys, assertNumber, ConfigError } from '@strata/core';
import { finiteValue, finiteValues, jsonOptions, type Preprocessor } from './preprocessor.js';

/** Options of `minMax`: the output range (default [0, 1]). */
export interface MinMaxOptions {
  readonly min?: number;
  readonly max?: number;
  /** Clip transformed values to the output range (test values may fall outside the training range). */
  readonly clip?: boolean;
}

/** The fitted state of `minMax`: the training minimum and maximum. */
export interface MinMaxState {
  readonly dataMin: number;
  readonly dataMax: number;
}

/**
 * Scales a numeric column linearly so the training minimum maps to `min` (0) and the maximum to `max`
 * (1), as scikit-learn's MinMaxScaler. A constant training column maps every value to `min + (x − dataMin)`
 * (a range of 0 is replaced by 1, as scikit-learn does). Test values outside the training range map
 * outside [min, max] unless `clip`.
 *
 * @example
 * ```ts
 * import { minMax } from '@strata/data';
 *
 * const step = minMax();
 * const state = step.fit([10, 20, 30]);
 * step.transform(state, 25); // => 0.75
 * step.transform(state, 40); // => 1.5
 * minMax({ clip: true }).transform(state, 40); // => 1
 * ```
 */
export function minMax(options: MinMaxOptions = {}): Preprocessor<unknown, number, MinMaxState> {
  const label = 'minMax';
  assertKnownKeys(options, ['min', 'max', 'clip'], `${label}(options)`);
  const { min = 0, max = 1, clip = false } = options;
  assertNumber(min, `${label}({min})`);
  assertNumber(max, `${label}({max})`);
  if (!(max > min))
    throw new ConfigError(`${label}({min, max})`, `max must exceed min, got [${min}, ${max}]`);
  return {
    kind: 'minMax',
    options: jsonOptions(options),
    fit(values) {
      const xs = finiteValues(values, `${label}.fit`);
      let dataMin = Infinity;
      let dataMax = -Infinity;
      for (const x of xs) {
        if (x < dataMin) dataMin = x;
        if (x > dataMax) dataMax = x;
      }
      return { dataMin, dataMax };
    },
    transform(state, value) {
      const x = finiteValue(value, `${label}.transform`);
      const range = state.dataMax - state.dataMin || 1;
      const y = min + ((x - state.dataMin) / range) * (max - min);
      return clip ? Math.min(max, Math.max(min, y)) : y;
    },
    width: () => 1,
  };
}
