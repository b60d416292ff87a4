import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type MeanErrorState, meanErrorMetric } from './regression-internal.js';
import type { StreamingMetric } from './types.js';

export interface MeanSquaredErrorOptions {
  /** The name logs use. Default 'meanSquaredError'. */
  readonly name?: string;
}

/**
 * Mean squared error, `Σ(y − ŷ)² / n` over every element, streamed as a float32 sum and an int32
 * count (scikit-learn's `mean_squared_error`; for `[B, D]` outputs this is its 'uniform_average',
 * since every output has B samples). Targets and predictions are `[B]` or `[B, D]`. With nothing
 * seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanSquaredError } from '@strata/metrics';
 *
 * // scikit-learn's documented example: (0.25 + 0.25 + 0 + 1) / 4.
 * const mse = meanSquaredError();
 * const state = mse.update(mse.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * mse.compute(state); // => 0.375
 * ```
 */
export function meanSquaredError(
  options: MeanSquaredErrorOptions = {},
): StreamingMetric<MeanErrorState, number> {
  return meanErrorMetric('meanSquaredError', options, 'meanSquaredError', (t, p) =>
    tf.squaredDifference(t, p),
  );
}

/**
 * `meanSquaredError` over whole tensors at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanSquaredErrorOf } from '@strata/metrics';
 *
 * // scikit-learn's two-output example: the outputs' MSEs are 0.4167 and 1.
 * const yTrue = tf.tensor2d([[0.5, 1], [-1, 1], [7, -6]]);
 * const yPred = tf.tensor2d([[0, 2], [-1, 2], [8, -5]]);
 * meanSquaredErrorOf(yTrue, yPred); // => 0.7083
 * ```
 */
export function meanSquaredErrorOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: MeanSquaredErrorOptions = {},
): number {
  return oneShot(meanSquaredError(options), yTrue, yPred);
}
