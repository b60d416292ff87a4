import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type MeanErrorState, meanErrorMetric } from './regression-internal.js';
import type { StreamingMetric } from './types.js';

/** scikit-learn's epsilon: `np.finfo(np.float64).eps`, the floor under |y| in the denominator. */
const EPSILON = 2.220446049250313e-16;

export interface MeanAbsolutePercentageErrorOptions {
  /** The name logs use. Default 'meanAbsolutePercentageError'. */
  readonly name?: string;
}

/**
 * Mean absolute percentage error as a fraction (0.1 is 10 %), `Σ |y − ŷ| / max(|y|, ε) / n`, exactly
 * scikit-learn's `mean_absolute_percentage_error` (for `[B, D]`, its 'uniform_average'): ε is float64's
 * machine epsilon 2.22e-16, so a zero target with a nonzero error gives an arbitrarily large value, as
 * scikit-learn documents, rather than Infinity or NaN. Computed in float32 (ε is representable there).
 * With nothing seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsolutePercentageError } from '@strata/metrics';
 *
 * // scikit-learn's documented example: (0.5/3 + 0.5/0.5 + 0/2 + 1/7) / 4.
 * const mape = meanAbsolutePercentageError();
 * const state = mape.update(mape.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * mape.compute(state); // => 0.3274
 * ```
 */
export function meanAbsolutePercentageError(
  options: MeanAbsolutePercentageErrorOptions = {},
): StreamingMetric<MeanErrorState, number> {
  return meanErrorMetric('meanAbsolutePercentageError', options, 'meanAbsolutePercentageError', (t, p) =>
    tf.div(tf.abs(tf.sub(t, p)), tf.maximum(tf.abs(t), EPSILON)),
  );
}

/**
 * `meanAbsolutePercentageError` over whole tensors at once (its functional twin); the inputs stay the
 * caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsolutePercentageErrorOf } from '@strata/metrics';
 *
 * // 10 % off, then 30 % off.
 * meanAbsolutePercentageErrorOf(tf.tensor1d([10, 20]), tf.tensor1d([11, 14])); // => 0.2
 * ```
 */
export function meanAbsolutePercentageErrorOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: MeanAbsolutePercentageErrorOptions = {},
): number {
  return oneShot(meanAbsolutePercentageError(options), yTrue, yPred);
}
