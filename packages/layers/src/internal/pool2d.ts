import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface PoolGeometry {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
}

/** TensorFlow's SAME padding of one axis: output size and padding before/after. */
function samePadding(size: number, window: number, stride: number) {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** How many of each output window's positions lie inside the input along one axis. */
function insideCounts(size: number, window: number, stride: number, before: number, out: number): number[] {
  return Array.from({ length: out }, (_, o) => {
    const start = o * stride - before;
    return Math.min(start + window, size) - Math.max(start, 0);
  });
}

/**
 * The input gradient of SAME average pooling, which averages only the positions inside the input.
 * tfjs's `AvgPoolGrad` kernels divide by the full window size even where the window hangs over the edge
 * (so they disagree with the forward pass there), while TensorFlow's own divides by the positions
 * inside. Both agree on VALID pooling, so this runs VALID pooling's gradient on the padded input with
 * each window's upstream gradient rescaled by (window size / positions inside), and crops the padding.
 */
function sameAvgPoolGrad(dy: tf.Tensor, inputShape: number[], g: PoolGeometry): tf.Tensor {
  const [batch, h, w, c] = inputShape as [number, number, number, number];
  const [ph, pw] = g.poolSize;
  const rows = samePadding(h, ph, g.strides[0]);
  const cols = samePadding(w, pw, g.strides[1]);
  const countH = insideCounts(h, ph, g.strides[0], rows.before, rows.out);
  const countW = insideCounts(w, pw, g.strides[1], cols.before, cols.out);
  const scale = new Float32Array(rows.out * cols.out);
  for (let i = 0; i < rows.out; i++) {
    for (let j = 0; j < cols.out; j++) scale[i * cols.out + j] = (ph * pw) / (countH[i]! * countW[j]!);
  }
  const scaled = tf.mul(dy, tf.tensor4d(scale, [1, rows.out, cols.out, 1]));
  // The kernel reads only the input's shape.
  const padded = tf.zeros([batch, h + rows.before + rows.after, w + cols.before + cols.after, c]);
  const dxPadded = tf
    .engine()
    .runKernel(
      tf.AvgPoolGrad,
      { dy: scaled, input: padded },
      { filterSize: g.poolSize, strides: g.strides, pad: 'valid' },
    ) as tf.Tensor;
  return tf.slice(dxPadded, [0, rows.before, cols.before, 0], [batch, h, w, c]);
}

/**
 * Max or average pooling (NHWC, TensorFlow's SAME/VALID windows; SAME averages only the positions
 * inside the input, as TensorFlow does) with the gradient written out from the backends' `MaxPoolGrad`
 * / `AvgPoolGrad` kernels, so no gradient registry is needed.
 */
export function pool2d(x: tf.Tensor, kind: 'max' | 'avg', g: PoolGeometry): tf.Tensor {
  const attrs = { filterSize: g.poolSize, strides: g.strides, pad: g.padding };
  const op = customOp(([xIn], save) => {
    const y = tf
      .engine()
      .runKernel(kind === 'max' ? tf.MaxPool : tf.AvgPool, { x: xIn! }, attrs) as tf.Tensor;
    save(kind === 'max' ? [xIn!, y] : [xIn!]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, output] = saved as [tf.Tensor, tf.Tensor | undefined];
      if (kind === 'max') {
        return [tf.engine().runKernel(tf.MaxPoolGrad, { dy, input, output: output! }, attrs) as tf.Tensor];
      }
      if (g.padding === 'same') return [sameAvgPoolGrad(dy, input.shape, g)];
      return [tf.engine().runKernel(tf.AvgPoolGrad, { dy, input }, attrs) as tf.Tensor];
    };
    return { value: y, gradFunc };
  });
  return op(x);
}
