import { assertKnownKeys } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type ImageMetricState, imageMetric } from './image-internal.js';
import { oneShot } from './one-shot.js';
import type { StreamingMetric } from './types.js';

export interface PsnrOptions {
  /** The data range: 1 for images in [0, 1] (default), 255 for 8-bit values. */
  readonly maxVal?: number;
  /** The name logs use. Default 'psnr'. */
  readonly name?: string;
}

/**
 * Peak signal-to-noise ratio in dB, `20·log10(maxVal) − 10·log10(MSE)` per image (the MSE over its
 * height, width and channels), averaged over images: TensorFlow's `tf.image.psnr`, averaged as its
 * per-image results would be. Images are NHWC batches `[B, H, W, C]` of the same shape, computed in
 * float32. An image identical to its reference has infinite PSNR, as in TensorFlow, and so has the
 * mean over a set that contains one.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { psnr } from '@strata/metrics';
 *
 * const metric = psnr({ maxVal: 1 });
 * const clean = tf.fill([1, 2, 2, 1], 0.5);
 * // Every pixel off by 0.1: MSE 0.01, so 20·log10(1) − 10·log10(0.01) = 20 dB.
 * const state = metric.update(metric.init(), clean, tf.fill([1, 2, 2, 1], 0.6));
 * metric.compute(state); // => 20.00
 * ```
 */
export function psnr(options: PsnrOptions = {}): StreamingMetric<ImageMetricState, number> {
  assertKnownKeys(options, ['maxVal', 'name'], 'psnr');
  const { maxVal = 1, name = 'psnr' } = options;
  return imageMetric('psnr', name, maxVal, (yTrue, yPred) => {
    const mse = tf.mean(tf.squaredDifference(yTrue, yPred), [1, 2, 3]);
    return tf.sub(20 * Math.log10(maxVal), tf.mul(10 / Math.LN10, tf.log(mse)));
  });
}

/**
 * `psnr` over whole NHWC batches at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { psnrOf } from '@strata/metrics';
 *
 * // 8-bit images off by 5 everywhere: 20·log10(255) − 10·log10(25).
 * psnrOf(tf.fill([1, 4, 4, 3], 100), tf.fill([1, 4, 4, 3], 105), { maxVal: 255 }); // => 34.15
 * ```
 */
export function psnrOf(yTrue: tf.Tensor, yPred: tf.Tensor, options: PsnrOptions = {}): number {
  return oneShot(psnr(options), yTrue, yPred);
}
