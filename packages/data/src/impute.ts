import { assertKnownKeys, assertOneOf, ConfigError, DataError } from '@strata/core';
import { type Cell, isMissing, jsonOptions, type Preprocessor } from './preprocessor.js';
import { quantileSorted } from './quantile.js';

/** How `impute` chooses the fill value. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

/** Options of `impute`. */
export interface ImputeOptions {
  /** Default 'mean'. 'mostFrequent' and 'constant' also work on strings. */
  readonly strategy?: ImputeStrategy;
  /** The fill value of the 'constant' strategy. */
  readonly fillValue?: number | string;
}

/** The fitted state of `impute`: the value that replaces missing ones. */
export interface ImputeState {
  readonly fill: number | string;
}

/**
 * Replaces missing values (`null`, `undefined`, `NaN`) by a value learned from the training column:
 * its mean, median, most frequent value (ties go to the smallest, as scikit-learn's SimpleImputer), or
 * a constant. Present values pass through unchanged. Missing values are left out of the statistics.
 *
 * @example
 * ```ts
 * import { impute } from '@strata/data';
 *
 * const step = impute({ strategy: 'median' });
 * const state = step.fit([1, null, 3, 10, Number.NaN]);
 * state.fill; // => 3
 * [step.transform(state, null), step.transform(state, 5)]; // => [3, 5]
 * const cities = impute({ strategy: 'mostFrequent' });
 * cities.fit(['Oslo', 'Lima', null, 'Lima']).fill; // => 'Lima'
 * ```
 */
export function impute(options: ImputeOptions = {}): Preprocessor<Cell, number | string, ImputeState> {
  const label = 'impute';
  assertKnownKeys(options, ['strategy', 'fillValue'], `${label}(options)`);
  const strategy = options.strategy ?? 'mean';
  assertOneOf(strategy, ['mean', 'median', 'mostFrequent', 'constant'], `${label}({strategy})`);
  const { fillValue } = options;
  if (strategy === 'constant') {
    if (typeof fillValue !== 'string' && !(typeof fillValue === 'number' && Number.isFinite(fillValue))) {
      throw new ConfigError(
        `${label}({fillValue})`,
        `the 'constant' strategy needs a finite number or a string, got ${String(fillValue)}`,
      );
    }
  } else if (fillValue !== undefined) {
    throw new ConfigError(
      `${label}({fillValue})`,
      `only the 'constant' strategy takes fillValue (strategy is '${strategy}')`,
    );
  }
  return {
    kind: 'impute',
    options: jsonOptions(options),
    fit(values) {
      if (strategy === 'constant') return { fill: fillValue! };
      const present = values.filter((v) => !isMissing(v)) as (number | string)[];
      if (present.length === 0) {
        throw new DataError(
          `${label}.fit`,
          `every training value is missing; the '${strategy}' strategy needs at least one (or use 'constant')`,
        );
      }
      if (strategy === 'mostFrequent') {
        const counts = new Map<number | string, number>();
        for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
        let best: number | string = present[0]!;
        let bestCount = 0;
        for (const [v, c] of counts) {
          if (c > bestCount || (c === bestCount && v < best)) {
            best = v;
            bestCount = c;
          }
        }
        return { fill: best };
      }
      const xs = present.map((v) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new DataError(
            `${label}.fit`,
            `the '${strategy}' strategy needs finite numbers, got ${JSON.stringify(v)}`,
          );
        }
        return v;
      });
      if (strategy === 'mean') return { fill: xs.reduce((a, b) => a + b, 0) / xs.length };
      return {
        fill: quantileSorted(
          xs.sort((a, b) => a - b),
          0.5,
        ),
      };
    },
    transform(state, value) {
      return isMissing(value) ? state.fill : value;
    },
    width: () => 1,
  };
}
