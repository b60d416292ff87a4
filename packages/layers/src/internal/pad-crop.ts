import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** Zero padding by `[before, after]` per axis, its gradient the slice that drops the padding. */
export function padWithGrad(x: tf.Tensor, paddings: readonly (readonly [number, number])[]): tf.Tensor {
  return customOp(([xIn]) => ({
    value: tf.pad(xIn!, paddings as [number, number][]),
    gradFunc: (dy) => [
      tf.slice(
        dy,
        paddings.map(([before]) => before),
        x.shape,
      ),
    ],
  }))(x);
}

/** The block of `x` from `begin` of `size`, its gradient zero-padded back to `x`'s shape. */
export function cropWithGrad(x: tf.Tensor, begin: readonly number[], size: readonly number[]): tf.Tensor {
  return customOp(([xIn]) => ({
    value: tf.slice(xIn!, begin as number[], size as number[]),
    gradFunc: (dy) => [
      tf.pad(
        dy,
        begin.map((b, i) => [b, x.shape[i]! - b - size[i]!] as [number, number]),
      ),
    ],
  }))(x);
}

/** `x` with its axes permuted, its gradient permuted back. */
export function transposeWithGrad(x: tf.Tensor, perm: readonly number[]): tf.Tensor {
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return customOp(([xIn]) => ({
    value: tf.transpose(xIn!, perm as number[]),
    gradFunc: (dy) => [tf.transpose(dy, inverse)],
  }))(x);
}
