import * as tf from '@tensorflow/tfjs-core';

/**
 * log softmax over the last axis as x - max - log Σ e^(x - max): subtracting the row maximum first keeps
 * every exponent ≤ 0, so logits of ±1000 stay finite.
 */
export function logSoftmax(x: tf.Tensor): tf.Tensor {
  const shifted = tf.sub(x, tf.max(x, -1, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

/** Reduces per-sample losses [n] and gives the matching per-sample upstream weights [n, 1]. */
export function reduceSamples(
  perSample: tf.Tensor,
  reduction: 'mean' | 'sum' | 'none',
  sampleShape: number[],
): { value: tf.Tensor; weights: (dy: tf.Tensor) => tf.Tensor } {
  const n = perSample.size;
  if (reduction === 'none') {
    return { value: tf.reshape(perSample, sampleShape), weights: (dy) => tf.reshape(dy, [n, 1]) };
  }
  if (reduction === 'sum') return { value: tf.sum(perSample), weights: (dy) => dy };
  return { value: tf.mean(perSample), weights: (dy) => tf.div(dy, Math.max(n, 1)) };
}
