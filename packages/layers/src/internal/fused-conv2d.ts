import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../activations.js';
import { activationGrad, fusedAttrs } from './activation-grad.js';
import { type GradThunk, lazyGradOp } from './lazy-grad-op.js';

type Fused = NonNullable<Activation['fused']>;

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
  const khd = (kh - 1) * dh + 1;
  const kwd = (kw - 1) * dw + 1;
  const tall = spreadRows(tf.reshape(kernel, [kh, kw * ci * co]), dh);
  // The width axis: moved first, spread, moved back.
  const byWidth = tf.reshape(tf.transpose(tf.reshape(tall, [khd, kw, ci * co]), [1, 0, 2]), [
    kw,
    khd * ci * co,
  ]);
  const wide = tf.transpose(tf.reshape(spreadRows(byWidth, dw), [kwd, khd, ci * co]), [1, 0, 2]);
  return tf.reshape(wide, [khd, kwd, ci, co]);
}

/**
 * The rows of `x` [n, rest] spread `d` apart with zeros between: [(n − 1)·d + 1, rest]. Pads stay at
 * rank 3 because tfjs-backend-webgpu 4.22 generates an invalid shader for pads above rank 4.
 */
function spreadRows(x: tf.Tensor, d: number): tf.Tensor {
  if (d === 1) return x;
  const [n, rest] = x.shape as [number, number];
  const spaced = tf.pad(tf.reshape(x, [n, 1, rest]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spaced, [n * d, rest]), [0, 0], [(n - 1) * d + 1, rest]);
}

/**
 * The input and kernel gradients of a convolution, given the gradient `dz` at its output (before bias
 * and activation), each computed only when called: the input gradient is `Conv2DBackpropInput`, the
 * kernel gradient `Conv2DBackpropFilter`, and a dilated kernel's gradient is that of the equivalent
 * zero-spread kernel, read back at the taps.
 */
export function convGradients(
  x: tf.Tensor,
  kernel: tf.Tensor,
  dz: tf.Tensor,
  geometry: ConvGeometry,
): [dx: GradThunk, dk: GradThunk] {
  const { strides, padding, dilations } = geometry;
  const dilated = dilations[0] > 1 || dilations[1] > 1;
  const common = { strides, pad: padding, dataFormat: 'NHWC' };
  const filter = () => (dilated ? dilateKernel(kernel, dilations) : kernel);
  const dx = () =>
    tf
      .engine()
      .runKernel(
        tf.Conv2DBackpropInput,
        { dy: dz, filter: filter() },
        { ...common, inputShape: x.shape },
      ) as tf.Tensor;
  const dk = () => {
    const f = filter();
    const grad = tf
      .engine()
      .runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...common, filterShape: f.shape }) as tf.Tensor;
    return dilated
      ? tf.stridedSlice(grad, [0, 0, 0, 0], grad.shape, [dilations[0], dilations[1], 1, 1])
      : grad;
  };
  return [dx, dk];
}

/**
 * y = act(conv2d(x, kernel) + bias), NHWC, kernel [kh, kw, in, out], in one `FusedConv2D` kernel, with
 * the gradient written out (`convGradients`). tfjs's `tf.fused.conv2d` falls back to unfused kernels
 * while recording gradients for any activation but linear, and cannot differentiate dilated
 * convolutions. Each gradient runs only when needed (`lazyGradOp`): the first layer of a model skips
 * the gradient of its input, the data.
 */
export function fusedConv2d(
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  geometry: ConvGeometry,
  activation: Activation,
): tf.Tensor {
  const fused = activation.fused ?? { activation: 'linear' as const };
  const op = lazyGradOp(([xIn, k, b], save) => {
    const y = tf.engine().runKernel(tf.FusedConv2D, convInputs(xIn!, k!, b), convAttrs(geometry, fused));
    save([xIn!, k!, y as tf.Tensor]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ks, ys] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      // Shared by all three gradients, so computed once here.
      const dz = tf.tidy(() => activationGrad(dy, ys, fused));
      const [dx, dk] = convGradients(xs, ks, dz, geometry);
      return b ? [dx, dk, () => tf.sum(dz, [0, 1, 2])] : [dx, dk];
    };
    return { value: y as tf.Tensor, gradFunc };
  });
  const y = bias ? op(x, kernel, bias) : op(x, kernel);
  if (activation.fused) return y;
  const out = activation(y);
  y.dispose();
  return out;
}

/** `FusedConv2D`'s inputs. */
export function convInputs(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.NamedTensorMap {
  return bias ? { x, filter: kernel, bias } : { x, filter: kernel };
}

/** `FusedConv2D`'s attributes: the geometry and the fused activation. */
export function convAttrs(geometry: ConvGeometry, fused: Fused) {
  const { strides, padding, dilations } = geometry;
  return { strides, pad: padding, dataFormat: 'NHWC', dilations, ...fusedAttrs(fused) };
}
