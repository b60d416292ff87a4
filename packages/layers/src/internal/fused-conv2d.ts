import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';
import { activationGrad, fusedAttrs } from './activation-grad.js';
import { customOp } from './custom-op.js';

export interface ConvGeometry {
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dilations: [number, number];
}

/**
 * A kernel with (d - 1) zeros between taps, so that a dilated convolution is a plain one: TensorFlow's
 * SAME padding of a dilated convolution is computed on this effective kernel size, (k - 1)·d + 1.
 */
function dilateKernel(kernel: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  const [kh, kw, ci, co] = kernel.shape as [number, number, number, number];
  const spread = tf.pad(tf.reshape(kernel, [kh, 1, kw, 1, ci, co]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, ci, co]), 0, [
    (kh - 1) * dh + 1,
    (kw - 1) * dw + 1,
    ci,
    co,
  ]);
}

/**
 * y = act(conv2d(x, kernel) + bias), NHWC, kernel [kh, kw, in, out], in one `FusedConv2D` kernel, with
 * the gradient written out (a `customGrad`). tfjs's `tf.fused.conv2d` falls back to unfused kernels while
 * recording gradients for any activation but linear, and cannot differentiate dilated convolutions;
 * here the input gradient is `Conv2DBackpropInput`, the kernel gradient `Conv2DBackpropFilter`, and a
 * dilated kernel's gradient is that of the equivalent zero-spread kernel, read back at the taps.
 */
export function fusedConv2d(
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  geometry: ConvGeometry,
  activation: Activation,
): tf.Tensor {
  const fused = activation.fused ?? { activation: 'linear' as const };
  const { strides, padding, dilations } = geometry;
  const dilated = dilations[0] > 1 || dilations[1] > 1;
  const op = customOp(([xIn, k, b], save) => {
    const inputs: tf.NamedTensorMap = b ? { x: xIn!, filter: k!, bias: b } : { x: xIn!, filter: k! };
    const attrs = { strides, pad: padding, dataFormat: 'NHWC', dilations, ...fusedAttrs(fused) };
    const y = tf.engine().runKernel(tf.FusedConv2D, inputs, attrs) as tf.Tensor;
    save([xIn!, k!, y]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ks, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor];
      const g = activationGrad(dy, ys, fused);
      const filter = dilated ? dilateKernel(ks, dilations) : ks;
      const common = { strides, pad: padding, dataFormat: 'NHWC' };
      const dx = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropInput,
          { dy: g, filter },
          { ...common, inputShape: xs.shape },
        ) as tf.Tensor;
      let dk = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropFilter,
          { x: xs, dy: g },
          { ...common, filterShape: filter.shape },
        ) as tf.Tensor;
      if (dilated) {
        dk = tf.stridedSlice(dk, [0, 0, 0, 0], dk.shape, [dilations[0], dilations[1], 1, 1]);
      }
      return b ? [dx, dk, tf.sum(g, [0, 1, 2])] : [dx, dk];
    };
    return { value: y, gradFunc };
  });
  const y = bias ? op(x, kernel, bias) : op(x, kernel);
  if (activation.fused) return y;
  const out = activation(y);
  y.dispose();
  return out;
}
