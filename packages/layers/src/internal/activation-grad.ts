import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';

type Fused = NonNullable<Activation['fused']>;

/**
 * The gradient through a fused activation, read from its output `y` (so the pre-activation need not be
 * kept): each of these activations is monotone, and its derivative is a function of its output.
 */
export function activationGrad(dy: tf.Tensor, y: tf.Tensor, fused: Fused): tf.Tensor {
  switch (fused.activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'relu6':
      return tf.mul(dy, tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 6)), 'float32'));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'elu':
      // y = e^x - 1 for x ≤ 0, so dy/dx = e^x = y + 1 there.
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1)));
    case 'leakyrelu':
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, fused.leakyreluAlpha ?? 0.2));
  }
}

/** The attributes a fused kernel takes for this activation. */
export function fusedAttrs(fused: Fused): { activation: string; leakyreluAlpha?: number } {
  return fused.leakyreluAlpha === undefined
    ? { activation: fused.activation }
    : { activation: fused.activation, leakyreluAlpha: fused.leakyreluAlpha };
}
