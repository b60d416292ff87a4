import { assertNumber, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Label smoothing (Szegedy et al. 2016, "Rethinking the Inception Architecture", §7) on one-hot (or
 * probability) targets, as Keras's `label_smoothing` computes it: `(1 − alpha) · y + alpha / K`, with
 * `K` the size of the last axis. Rows that summed to 1 still do. The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { smoothLabels } from '@strata/regularize';
 *
 * smoothLabels(tf.tensor2d([[0, 1, 0, 0]]), 0.1); // => [[0.0250, 0.925, 0.0250, 0.0250]]
 * ```
 */
export function smoothLabels(oneHot: tf.Tensor, alpha: number): tf.Tensor {
  assertNumber(alpha, 'smoothLabels(alpha)', { min: 0, max: 1 });
  const k = oneHot.shape[oneHot.rank - 1];
  if (k === undefined || k === 0) {
    throw new ShapeError(
      'smoothLabels(oneHot)',
      `needs a non-empty class axis last, got shape [${oneHot.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => tf.add(tf.mul(tf.cast(oneHot, 'float32'), 1 - alpha), alpha / k));
}
