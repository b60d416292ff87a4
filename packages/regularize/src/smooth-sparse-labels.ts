import { assertInteger, assertNumber } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { smoothLabels } from './smooth-labels.js';

/**
 * Label smoothing for sparse (integer class index) targets: the one-hot rows of `labels` over
 * `numClasses` classes, smoothed as `smoothLabels` does: `1 − alpha + alpha/K` for the true class,
 * `alpha/K` elsewhere. Use the result with a categorical (not sparse) cross-entropy. The caller owns it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { smoothSparseLabels } from '@strata/regularize';
 *
 * smoothSparseLabels(tf.tensor1d([2, 0], 'int32'), 3, 0.3); // => [[0.100, 0.100, 0.800], [0.800, 0.100, 0.100]]
 * ```
 */
export function smoothSparseLabels(labels: tf.Tensor, numClasses: number, alpha: number): tf.Tensor {
  assertInteger(numClasses, 'smoothSparseLabels(numClasses)');
  assertNumber(alpha, 'smoothSparseLabels(alpha)', { min: 0, max: 1 });
  return tf.tidy(() => smoothLabels(tf.oneHot(tf.cast(labels, 'int32'), numClasses), alpha));
}
