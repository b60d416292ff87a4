import * as tf from '@tensorflow/tfjs-core';

/**
 * Hinge targets are ±1; as Keras, a target tensor whose values are all 0 or 1 is read as 0 → -1,
 * 1 → +1 (t' = 2t - 1), decided on the device for the whole tensor. `slope` is dt'/dt.
 */
export function hingeTargets(t: tf.Tensor): { t: tf.Tensor; slope: tf.Tensor } {
  const binary = tf.min(tf.cast(tf.logicalOr(tf.equal(t, 0), tf.equal(t, 1)), 'float32'));
  const slope = tf.add(binary, 1);
  return { t: tf.sub(tf.mul(t, slope), binary), slope };
}

/** The class of a ±1 hinge target for class weights: -1 → 0, +1 → 1. */
export const hingeClass = (t: tf.Tensor): tf.Tensor => tf.div(tf.add(t, 1), 2);
