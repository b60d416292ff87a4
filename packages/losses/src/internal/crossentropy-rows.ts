import * as tf from '@tensorflow/tfjs-core';
import { logSoftmax } from './log-softmax.js';
import type { RowSpec } from './row-loss.js';

const EPSILON = 1e-7;

/** From logits x: -Σ t·log softmax(x), whose gradient is softmax(x)·Σt - t. */
export const crossentropyFromLogits: RowSpec = {
  value: (t, x) => tf.neg(tf.sum(tf.mul(t, logSoftmax(x)), -1)),
  grad: (t, x, g) => {
    const logp = logSoftmax(x);
    const dx = tf.mul(tf.sub(tf.mul(tf.exp(logp), tf.sum(t, -1, true)), t), g);
    return [tf.mul(tf.neg(logp), g), dx];
  },
};

/**
 * From probabilities p: q = clip(p / Σp), -Σ t·log q. With G = ∂ℓ/∂q = -t/q inside the clip range
 * (0 outside), the renormalization gives ∂ℓ/∂p_j = (G_j - Σ_c G_c·q̂_c) / Σp, q̂ the unclipped ratio.
 */
export const crossentropyFromProbabilities: RowSpec = {
  value: (t, p) => {
    const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(t, tf.log(q)), -1));
  },
  grad: (t, p, g) => {
    const total = tf.sum(p, -1, true);
    const r = tf.div(p, total);
    const q = tf.clipByValue(r, EPSILON, 1 - EPSILON);
    const inside = tf.cast(
      tf.logicalAnd(tf.greaterEqual(r, EPSILON), tf.lessEqual(r, 1 - EPSILON)),
      'float32',
    );
    const big = tf.mul(tf.neg(tf.div(t, q)), inside);
    const dp = tf.div(tf.sub(big, tf.sum(tf.mul(big, r), -1, true)), total);
    return [tf.mul(tf.neg(tf.log(q)), g), tf.mul(dp, g)];
  },
};
