import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import type { MetricState, StreamingMetric } from './types.js';

/**
 * Test support (not part of the package): the metric's result over one batch, as its functional twin
 * computes it, disposing the batch afterwards too, so a test can pass fresh tensors inline.
 */
export function computeOnce<S extends MetricState, R>(
  metric: StreamingMetric<S, R>,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): R {
  try {
    return oneShot(metric, yTrue, yPred);
  } finally {
    tf.dispose([yTrue, yPred]);
  }
}
