import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type MeanErrorState, meanErrorMetric } from './regression-internal.js';
import type { StreamingMetric } from './types.js';

export interface MeanAbsoluteErrorOptions {
  /** The name logs use. Default 'meanAbsoluteError'. */
  readonly name?: string;
}

/**
 * Mean absolute error, `Σ|y − ŷ| / n` over every element (scikit-learn's `mean_absolute_error`; for
 * `[B, D]` outputs its 'uniform_average'). Targets and predictions are `[B]` or `[B, D]`. With nothing
 * seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsoluteError } from '@strata/metrics';
 *
 * // scikit-learn's documented example: (0.5 + 0.5 + 0 + 1) / 4.
 * const mae = meanAbsoluteError();
 * const state = mae.update(mae.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * mae.compute(state); // => 0.5
 * ```
 */
export function meanAbsoluteError(
  options: MeanAbsoluteErrorOptions = {},
): StreamingMetric<MeanErrorState, number> {
  return meanErrorMetric('meanAbsoluteError', options, 'meanAbsoluteError', (t, p) => tf.abs(tf.sub(t, p)));
}

/**
 * `meanAbsoluteError` over whole tensors at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsoluteErrorOf } from '@strata/metrics';
 *
 * // scikit-learn's two-output example: the outputs' MAEs are 0.5 and 1.
 * const yTrue = tf.tensor2d([[0.5, 1], [-1, 1], [7, -6]]);
 * const yPred = tf.tensor2d([[0, 2], [-1, 2], [8, -5]]);
 * meanAbsoluteErrorOf(yTrue, yPred); // => 0.75
 * ```
 */
export function meanAbsoluteErrorOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: MeanAbsoluteErrorOptions = {},
): number {
  return oneShot(meanAbsoluteError(options), yTrue, yPred);
}
