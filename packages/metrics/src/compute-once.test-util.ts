import * as tf from '@tensorflow/tfjs-core';
import type { MetricState, StreamingMetric } from './types.js';

/**
 * Test support (not part of the package): the metric's result over one batch (init, update,
 * compute), disposing both states and the batch afterwards, so a test can pass fresh tensors inline.
 */
export function computeOnce<S extends MetricState, R>(
  metric: StreamingMetric<S, R>,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): R {
  const s0 = metric.init();
  const s1 = metric.update(s0, yTrue, yPred);
  try {
    return metric.compute(s1);
  } finally {
    metric.dispose(s0);
    metric.dispose(s1);
    tf.dispose([yTrue, yPred]);
  }
}
