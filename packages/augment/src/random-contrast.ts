import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, rangeOption, uniforms, valueRangeOption } from './internal/checks.js';
import type { Augmentation, Range, ValueRange } from './types.js';

export interface RandomContrastOptions {
  /** f draws the contrast factor from [1 - f, 1 + f]; [lower, upper] from [1 - lower, 1 + upper]. */
  readonly factor: Range;
  /** The pixel range (default [0, 1]); results are clipped to it. */
  readonly valueRange?: ValueRange;
}

/**
 * Scales each image's distance from its own per-channel mean by a random factor c (Keras's
 * `RandomContrast`, `tf.image.adjust_contrast`): (x - mean)·c + mean over each image's H × W, then
 * clips to the value range.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomContrast } from '@strata/augment';
 *
 * // c = 2 around the mean 0.5: 0.4 → 0.3, 0.6 → 0.7
 * const contrast = randomContrast({ factor: [-1, 1] });
 * const { x } = contrast({ x: tf.tensor4d([0.4, 0.6], [1, 1, 2, 1]) }, createRng(0));
 * Array.from(x.dataSync()).map((v) => Math.round(v * 100) / 100); // => [0.3, 0.7]
 * ```
 */
export function randomContrast(options: RandomContrastOptions): Augmentation {
  const fn = 'randomContrast';
  checkKeys(fn, options, ['factor', 'valueRange']);
  const [a, b] = rangeOption(fn, 'factor', options?.factor, { min: -1, max: 10 });
  // A single number f gave [-f, f], which is [1 - f, 1 + f]; a pair [lower, upper] means 1 - lower, 1 + upper.
  const range: [number, number] = typeof options.factor === 'number' ? [1 + a, 1 + b] : [1 - a, 1 + b];
  const [lo, hi] = valueRangeOption(fn, options.valueRange);
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    const c = tf.tensor4d(uniforms(rng, n, range), [n, 1, 1, 1]);
    const mean = tf.mean(x, [1, 2], true);
    return tf.clipByValue(tf.add(tf.mul(tf.sub(x, mean), c), mean), lo, hi);
  });
}
