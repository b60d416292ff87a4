/**
 * Gradients of pooling and resizing: `MaxPool`, `AvgPool`, `ResizeBilinear`,
 * `ResizeNearestNeighbor`. They dispatch the backends' own gradient kernels (`MaxPoolGrad`,
 * `AvgPoolGrad`) where those agree with the forward kernels, and compose public ops where they do not.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pair, roundingAttr, runKernel, saved, single } from './util.js';

/** Pooling window attributes, copied for the gradient kernel. */
function poolAttrs(attrs: tf.NamedAttrMap): tf.NamedAttrMap {
  return { filterSize: attrs.filterSize, strides: attrs.strides, pad: attrs.pad } as tf.NamedAttrMap;
}

/**
 * The [outSize, inSize] matrix of a 1-D resize along one axis, with TensorFlow's conventions (as
 * tfjs's forward kernels implement them): the source coordinate of output i is i·scale, or
 * (i + ½)·scale (- ½ for bilinear) with half-pixel centers, where scale = (in - 1) / (out - 1) with
 * aligned corners and in / out otherwise. Bilinear weights the two neighbours by distance; nearest
 * takes one (rounded with aligned corners, floored otherwise).
 */
function resizeMatrix(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
  bilinear: boolean,
): tf.Tensor2D {
  const aligned = alignCorners && outSize > 1;
  const scale = aligned ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const weights = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const row = i * inSize;
    if (bilinear) {
      const source = halfPixelCenters ? scale * (i + 0.5) - 0.5 : scale * i;
      const low = Math.max(0, Math.floor(source));
      const high = Math.min(inSize - 1, Math.ceil(source));
      const frac = source - low;
      weights[row + low] = (weights[row + low] as number) + (1 - frac);
      weights[row + high] = (weights[row + high] as number) + frac;
    } else {
      const source = halfPixelCenters ? scale * (i + 0.5) : scale * i;
      let nearest = Math.min(inSize - 1, aligned ? Math.round(source) : Math.floor(source));
      if (halfPixelCenters) nearest = Math.max(0, nearest);
      weights[row + nearest] = 1;
    }
  }
  return tf.tensor2d(weights, [outSize, inSize]);
}

/**
 * A resize's gradient. Both resizes are separable linear maps, y = R_h · x · R_wᵀ for each image and
 * channel, so dx = R_hᵀ · dy · R_w, two matrix products. This is used instead of the backends'
 * `ResizeBilinearGrad`/`ResizeNearestNeighborGrad` kernels because tfjs-backend-cpu 4.22's ignore
 * `halfPixelCenters` (and its bilinear one reports a transposed shape).
 */
function resizeGrad(kernelName: string, bilinear: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['images'],
    gradFunc: (dy, list, attrs) => {
      const images = saved(list, 0);
      return {
        images: () => {
          const [batch, height, width, channels] = images.shape as [number, number, number, number];
          const g = single(dy);
          const [, outHeight, outWidth] = g.shape as [number, number, number, number];
          const align = attrs.alignCorners === true;
          const half = attrs.halfPixelCenters === true;
          const rows = resizeMatrix(height, outHeight, align, half, bilinear);
          const cols = resizeMatrix(width, outWidth, align, half, bilinear);
          const planes = tf.reshape(tf.transpose(g, [0, 3, 1, 2]), [batch * channels, outHeight, outWidth]);
          const dx = tf.matMul(tf.matMul(rows, planes, true, false), cols);
          return tf.transpose(tf.reshape(dx, [batch, channels, height, width]), [0, 2, 3, 1]);
        },
      };
    },
  };
}

/**
 * AvgPool: each output is the mean of the window's in-bounds inputs (TensorFlow's SAME padding
 * counts only real pixels, and tfjs's forward kernels do the same), so dx sums dy / count over the
 * windows containing each input. tfjs-backend-cpu's `AvgPoolGrad` divides by the full window size
 * instead, which is wrong at padded borders, so only VALID pooling (every window full) uses it; other
 * padding transposes a convolution with a ones filter, with channels moved into the batch.
 */
function avgPoolInput(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: tf.NamedAttrMap): tf.Tensor {
  if (attrs.pad === 'valid') return runKernel(tf.AvgPoolGrad, { dy, input: x }, poolAttrs(attrs));
  const [batch, height, width, channels] = x.shape;
  const [fh, fw] = pair(attrs.filterSize);
  const strides = attrs.strides as number | [number, number];
  const pad = attrs.pad as 'same' | number | tf.backend_util.ExplicitPadding;
  const rounding = attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
  const window = tf.ones([fh, fw, 1, 1]) as tf.Tensor4D;
  const counts = tf.conv2d(
    tf.ones([1, height, width, 1]) as tf.Tensor4D,
    window,
    strides,
    pad,
    'NHWC',
    1,
    rounding,
  );
  const [, outHeight, outWidth] = dy.shape;
  const perChannel = tf.reshape(tf.transpose(tf.div(dy, counts), [0, 3, 1, 2]), [
    batch * channels,
    outHeight,
    outWidth,
    1,
  ]) as tf.Tensor4D;
  const spread = tf.conv2dTranspose(
    perChannel,
    window,
    [batch * channels, height, width, 1],
    strides,
    pad,
    rounding,
  );
  return tf.transpose(tf.reshape(spread, [batch, channels, height, width]), [0, 2, 3, 1]);
}

export const poolingGrads: tf.GradConfig[] = [
  {
    // The gradient goes to the (first) maximum of each window; the kernel finds it from x and y.
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, list, attrs) => ({
      x: () =>
        runKernel(
          tf.MaxPoolGrad,
          { dy: single(dy), input: saved(list, 0), output: saved(list, 1) },
          { ...poolAttrs(attrs), ...roundingAttr(attrs) },
        ),
    }),
  },
  {
    kernelName: tf.AvgPool,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => ({
      x: () => avgPoolInput(saved(list, 0) as tf.Tensor4D, single(dy) as tf.Tensor4D, attrs),
    }),
  },
  resizeGrad(tf.ResizeBilinear, true),
  resizeGrad(tf.ResizeNearestNeighbor, false),
];
