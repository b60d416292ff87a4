import { assertInteger, assertKnownKeys, assertNumber, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type ImageMetricState, imageMetric } from './image-internal.js';
import { oneShot } from './one-shot.js';
import type { StreamingMetric } from './types.js';

export interface SsimOptions {
  /** The data range: 1 for images in [0, 1] (default), 255 for 8-bit values. */
  readonly maxVal?: number;
  /** The Gaussian window's side. Default 11; images must be at least this high and wide. */
  readonly filterSize?: number;
  /** The Gaussian window's σ. Default 1.5. */
  readonly filterSigma?: number;
  /** C1 = (k1·maxVal)². Default 0.01. */
  readonly k1?: number;
  /** C2 = (k2·maxVal)². Default 0.03. */
  readonly k2?: number;
  /** The name logs use. Default 'ssim'. */
  readonly name?: string;
}

/** The normalized 2-D Gaussian window, as TensorFlow's `_fspecial_gauss` (a softmax of −d²/2σ²). */
function gaussianWindow(size: number, sigma: number): Float64Array {
  const c = (size - 1) / 2;
  const w = new Float64Array(size * size);
  let total = 0;
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) {
      const v = Math.exp(-((i - c) ** 2 + (j - c) ** 2) / (2 * sigma * sigma));
      w[i * size + j] = v;
      total += v;
    }
  }
  return w.map((v) => v / total);
}

/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) per image, averaged over images,
 * computed as TensorFlow's `tf.image.ssim`: local statistics under an 11×11 Gaussian window of σ = 1.5
 * (VALID positions only, per channel), SSIM = l·cs with l = (2μxμy + C1)/(μx² + μy² + C1) and
 * cs = (2σxy + C2)/(σx² + σy² + C2), C1 = (0.01·maxVal)², C2 = (0.03·maxVal)², variances without
 * Bessel's correction; the map's mean over positions, then over channels. Images are NHWC batches
 * `[B, H, W, C]` of the same shape, at least `filterSize` high and wide (a ShapeError otherwise, as
 * TensorFlow's assertion). Identical images score exactly 1.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ssim } from '@strata/metrics';
 *
 * const metric = ssim({ maxVal: 1 });
 * // Flat images 0.5 and 0.6: no structure (cs = 1), luminance (2·0.3 + C1) / (0.61 + C1), C1 = 1e-4.
 * const state = metric.update(metric.init(), tf.fill([1, 11, 11, 1], 0.5), tf.fill([1, 11, 11, 1], 0.6));
 * metric.compute(state); // => 0.9836
 * ```
 */
export function ssim(options: SsimOptions = {}): StreamingMetric<ImageMetricState, number> {
  assertKnownKeys(options, ['maxVal', 'filterSize', 'filterSigma', 'k1', 'k2', 'name'], 'ssim');
  const { maxVal = 1, filterSize = 11, filterSigma = 1.5, k1 = 0.01, k2 = 0.03, name = 'ssim' } = options;
  assertInteger(filterSize, 'ssim({filterSize})');
  assertNumber(filterSigma, 'ssim({filterSigma})', { min: 0, exclusiveMin: true });
  assertNumber(k1, 'ssim({k1})', { min: 0 });
  assertNumber(k2, 'ssim({k2})', { min: 0 });
  const window = gaussianWindow(filterSize, filterSigma);
  const c1 = (k1 * maxVal) ** 2;
  const c2 = (k2 * maxVal) ** 2;
  return imageMetric('ssim', name, maxVal, (x, y) => {
    const [, h, w, channels] = x.shape;
    if (h < filterSize || w < filterSize) {
      throw new ShapeError(
        `ssim(${name})`,
        `images of ${h}×${w} are smaller than the ${filterSize}×${filterSize} window; pass larger images or a smaller filterSize`,
      );
    }
    // [fs, fs, C, 1]: the window once per channel, built here (a tile op reads the device on cpu).
    const tiled = new Float32Array(window.length * channels);
    window.forEach((v, i) => {
      tiled.fill(v, i * channels, (i + 1) * channels);
    });
    const kernel = tf.tensor4d(tiled, [filterSize, filterSize, channels, 1]);
    const blur = (t: tf.Tensor4D) => tf.depthwiseConv2d(t, kernel, 1, 'valid');
    const muX = blur(x);
    const muY = blur(y);
    const luminance = tf.div(
      tf.add(tf.mul(tf.mul(muX, muY), 2), c1),
      tf.add(tf.add(tf.square(muX), tf.square(muY)), c1),
    );
    // σ's as TensorFlow's _ssim_helper computes them, E[xy] − μxμy, but about each image's channel
    // mean: (co)variances do not change under a shift, and in float32 E[x²] − μ² of raw values loses
    // about 1e−7·E[x²] to cancellation, which C2 (9e−4 for maxVal 1) does not hide.
    const xc = tf.sub(x, tf.mean(x, [1, 2], true)) as tf.Tensor4D;
    const yc = tf.sub(y, tf.mean(y, [1, 2], true)) as tf.Tensor4D;
    const [mx, my] = [blur(xc), blur(yc)];
    const num = tf.mul(tf.sub(blur(tf.mul(xc, yc) as tf.Tensor4D), tf.mul(mx, my)), 2);
    const den = tf.sub(
      blur(tf.add(tf.square(xc), tf.square(yc)) as tf.Tensor4D),
      tf.add(tf.square(mx), tf.square(my)),
    );
    const cs = tf.div(tf.add(num, c2), tf.add(den, c2));
    return tf.mean(tf.mul(luminance, cs), [1, 2, 3]);
  });
}

/**
 * `ssim` over whole NHWC batches at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ssimOf } from '@strata/metrics';
 *
 * const image = tf.reshape(tf.linspace(0, 1, 144), [1, 12, 12, 1]);
 * ssimOf(image, image); // => 1
 * ```
 */
export function ssimOf(yTrue: tf.Tensor, yPred: tf.Tensor, options: SsimOptions = {}): number {
  return oneShot(ssim(options), yTrue, yPred);
}
