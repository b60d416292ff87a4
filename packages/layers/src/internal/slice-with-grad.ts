import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.slice(x, begin, size)`, reshaped to `shape` when given, with its gradient written out (the
 * upstream gradient reshaped and padded back to `x`'s shape), so no kernel gradient from tfjs's
 * registry is needed.
 */
export function sliceWithGrad(x: tf.Tensor, begin: number[], size: number[], shape?: number[]): tf.Tensor {
  return customOp(([xIn]) => {
    const part = tf.slice(xIn!, begin, size);
    return {
      value: shape ? tf.reshape(part, shape) : part,
      gradFunc: (dy) => [
        tf.pad(
          tf.reshape(dy, size),
          x.shape.map((dim, i) => [begin[i]!, dim - begin[i]! - size[i]!] as [number, number]),
        ),
      ],
    };
  })(x);
}
