import type * as tf from '@tensorflow/tfjs-core';
import type { MetricState, StreamingMetric } from './types.js';

/**
 * A metric's functional twin: its value over whole tensors at once (init, update, compute), freeing
 * both states. The inputs stay the caller's. Not exported from the package.
 */
export function oneShot<S extends MetricState, R>(
  metric: StreamingMetric<S, R>,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): R {
  const s0 = metric.init();
  let s1: S | undefined;
  try {
    s1 = metric.update(s0, yTrue, yPred);
    return metric.compute(s1);
  } finally {
    // Freed even when update throws (a shape error), so a failed call leaks nothing.
    metric.dispose(s0);
    if (s1) metric.dispose(s1);
  }
}
