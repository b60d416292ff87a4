import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** A copy of `x` (sharing its data) that the caller owns, with the identity gradient. */
export function identity(x: tf.Tensor): tf.Tensor {
  return customOp(([xIn]) => ({ value: tf.clone(xIn!), gradFunc: (dy) => [dy] }))(x);
}

/** `x` reshaped, with the gradient reshaped back: no gradient registry needed. */
export function reshapeWithGrad(x: tf.Tensor, shape: number[]): tf.Tensor {
  return customOp(([xIn]) => ({
    value: tf.reshape(xIn!, shape),
    gradFunc: (dy) => [tf.reshape(dy, x.shape)],
  }))(x);
}
