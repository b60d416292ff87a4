import { assertInteger, assertKnownKeys, assertOneOf, ConfigError } from '@strata/core';
import { finiteValue, finiteValues, jsonOptions, oneHotVector, type Preprocessor } from './preprocessor.js';
import { quantileSorted } from './quantile.js';

/** Options of `bucketize`: fixed `boundaries`, or `numBins` learned as training quantiles. */
export interface BucketizeOptions {
  /** Increasing boundaries b₀ < b₁ < …: bucket 0 is x < b₀, bucket i is b₍ᵢ₋₁₎ ≤ x < bᵢ. */
  readonly boundaries?: readonly number[];
  /** Or: this many buckets of about equal training counts (boundaries at the quantiles i / numBins). */
  readonly numBins?: number;
  /** 'int' (default): the bucket; 'oneHot': a vector of the bucket count. */
  readonly output?: 'int' | 'oneHot';
}

/** The fitted state of `bucketize`: the boundaries. */
export interface BucketizeState {
  readonly boundaries: readonly number[];
}

/**
 * Turns a number into the index of its bucket (Keras' Discretization): with boundaries [b₀, …, bₖ₋₁]
 * there are k + 1 buckets and x goes to the number of boundaries ≤ x. Boundaries are given, or learned
 * from training values as the quantiles 1/numBins, …, (numBins − 1)/numBins (linear interpolation,
 * repeated boundaries removed).
 *
 * @example
 * ```ts
 * import { bucketize } from '@strata/data';
 *
 * const ages = bucketize({ boundaries: [18, 65] });
 * const state = ages.fit([]);
 * [10, 18, 40, 65, 90].map((x) => ages.transform(state, x)); // => [0, 1, 1, 2, 2]
 * const quartiles = bucketize({ numBins: 4 });
 * quartiles.fit([1, 2, 3, 4, 5]).boundaries; // => [2, 3, 4]
 * ```
 */
export function bucketize(
  options: BucketizeOptions,
): Preprocessor<unknown, number | number[], BucketizeState> {
  const label = 'bucketize';
  assertKnownKeys(options, ['boundaries', 'numBins', 'output'], `${label}(options)`);
  const { boundaries, numBins, output = 'int' } = options;
  assertOneOf(output, ['int', 'oneHot'], `${label}({output})`);
  if ((boundaries === undefined) === (numBins === undefined)) {
    throw new ConfigError(
      `${label}(options)`,
      'give exactly one of boundaries (increasing numbers) or numBins (learned as quantiles)',
    );
  }
  if (boundaries !== undefined) {
    if (
      !Array.isArray(boundaries) ||
      boundaries.some((b, i) => !Number.isFinite(b) || (i > 0 && !(b > boundaries[i - 1]!)))
    ) {
      throw new ConfigError(
        `${label}({boundaries})`,
        `must be strictly increasing finite numbers, got ${JSON.stringify(boundaries)}`,
      );
    }
  } else {
    assertInteger(numBins, `${label}({numBins})`, 2);
  }
  return {
    kind: 'bucketize',
    options: jsonOptions(options),
    fit(values) {
      if (boundaries !== undefined) return { boundaries: [...boundaries] };
      const sorted = finiteValues(values, `${label}.fit`).sort((a, b) => a - b);
      const found: number[] = [];
      for (let i = 1; i < numBins!; i++) {
        const q = quantileSorted(sorted, i / numBins!);
        if (found.length === 0 || q > found[found.length - 1]!) found.push(q);
      }
      return { boundaries: found };
    },
    transform(state, value) {
      const x = finiteValue(value, `${label}.transform`);
      // Binary search for the number of boundaries ≤ x.
      let lo = 0;
      let hi = state.boundaries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (state.boundaries[mid]! <= x) lo = mid + 1;
        else hi = mid;
      }
      return output === 'int' ? lo : oneHotVector(lo, state.boundaries.length + 1);
    },
    width: (state) => (output === 'int' ? 1 : state.boundaries.length + 1),
  };
}
