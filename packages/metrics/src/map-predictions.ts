import * as tf from '@tensorflow/tfjs-core';
import type { MetricState, StreamingMetric } from './types.js';

/**
 * The same metric over transformed predictions: `transform(yPred)` runs (inside `tf.tidy`) before each
 * update, so a binary metric can read one class's probability from a two-class model's logits, or a
 * probability metric can follow a softmax; `transformTargets` does the same for `yTrue` (flat outputs
 * seen as images by PSNR and SSIM). State, merge and compute are the metric's own.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { mapPredictions, rocAuc } from '@strata/metrics';
 *
 * // A two-class model's logits; the binary AUC ranks by the probability of class 1.
 * const auc = mapPredictions(rocAuc({ task: 'binary' }), (logits) =>
 *   tf.reshape(tf.slice(tf.softmax(logits), [0, 1], [-1, 1]), [-1]),
 * );
 * const logits = tf.tensor2d([[2, 0], [0, 1], [1, 1.5], [0, -1]]);
 * auc.compute(auc.update(auc.init(), tf.tensor1d([0, 1, 1, 0]), logits)); // => 1
 * ```
 */
export function mapPredictions<S extends MetricState, R>(
  metric: StreamingMetric<S, R>,
  transform: (yPred: tf.Tensor) => tf.Tensor,
  transformTargets?: (yTrue: tf.Tensor) => tf.Tensor,
): StreamingMetric<S, R> {
  return {
    ...metric,
    update(state, yTrue, yPred) {
      const mapped = tf.tidy(() => transform(yPred));
      const targets = transformTargets ? tf.tidy(() => transformTargets(yTrue)) : yTrue;
      try {
        return metric.update(state, targets, mapped);
      } finally {
        mapped.dispose();
        if (targets !== yTrue) targets.dispose();
      }
    },
  };
}
