import * as tf from '@tensorflow/tfjs-core';

/**
 * log softmax over the last axis as x - max - log Σ e^(x - max): subtracting the row maximum first keeps
 * every exponent ≤ 0, so logits of ±1000 stay finite.
 */
export function logSoftmax(x: tf.Tensor): tf.Tensor {
  const shifted = tf.sub(x, tf.max(x, -1, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

/**
 * Reduces per-sample losses [n]. With per-sample `weight` [n] (sampleWeight × class weights) each loss
 * counts w_i times; `'mean'` still divides by the number of samples, not by Σw (Keras's
 * `sum_over_batch_size`), so a weight of 0 drops a sample without raising the others.
 */
export function reduceSamples(
  perSample: tf.Tensor,
  reduction: 'mean' | 'sum' | 'none',
  sampleShape: number[],
  weight: tf.Tensor | null = null,
): tf.Tensor {
  const weighted = weight === null ? perSample : tf.mul(perSample, weight);
  if (reduction === 'none') return tf.reshape(weighted, sampleShape);
  if (reduction === 'sum') return tf.sum(weighted);
  return tf.div(tf.sum(weighted), Math.max(perSample.size, 1));
}

/**
 * The upstream gradient of `reduceSamples` per sample, [n, 1] (or a scalar that broadcasts to it), for
 * the loss's written-out gradient. `weight` must be the one the forward pass saved: tensors the forward
 * pass holds in a closure are freed before the gradient runs.
 */
export function sampleUpstream(
  dy: tf.Tensor,
  n: number,
  reduction: 'mean' | 'sum' | 'none',
  weight: tf.Tensor | null = null,
): tf.Tensor {
  const g =
    reduction === 'none' ? tf.reshape(dy, [n, 1]) : reduction === 'sum' ? dy : tf.div(dy, Math.max(n, 1));
  return weight === null ? g : tf.mul(g, tf.reshape(weight, [n, 1]));
}
