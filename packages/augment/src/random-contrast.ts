import { assertNumber, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, uniforms, valueRangeOption } from './internal/checks.js';
import type { Augmentation, Range, ValueRange } from './types.js';

export interface RandomContrastOptions {
  /**
   * f in [0, 1] draws the contrast factor from [1 - f, 1 + f]; [lower, upper] (lower in [0, 1],
   * upper ≥ 0) from [1 - lower, 1 + upper], as Keras.
   */
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
 * // Whatever factor is drawn, each image keeps its mean (0.5 here) and its symmetry about it.
 * const contrast = randomContrast({ factor: 0.5 });
 * const { x } = contrast({ x: tf.tensor4d([0.4, 0.6], [1, 1, 2, 1]) }, createRng(0));
 * const [a, b] = x.dataSync();
 * Math.round((a + b) * 1e6) / 1e6; // => 1
 * ```
 */
export function randomContrast(options: RandomContrastOptions): Augmentation {
  const fn = 'randomContrast';
  checkKeys(fn, options, ['factor', 'valueRange']);
  const factor = options?.factor;
  let range: [number, number];
  if (typeof factor === 'number') {
    assertNumber(factor, `${fn}({factor})`, { min: 0, max: 1 });
    range = [1 - factor, 1 + factor];
  } else {
    // Keras's pair: [lower, upper] means [1 - lower, 1 + upper], not an ordered interval.
    if (!Array.isArray(factor) || factor.length !== 2) {
      throw new ConfigError(
        `${fn}({factor})`,
        `must be f in [0, 1] or [lower, upper], got ${JSON.stringify(factor)}`,
      );
    }
    assertNumber(factor[0], `${fn}({factor})[0]`, { min: 0, max: 1 });
    assertNumber(factor[1], `${fn}({factor})[1]`, { min: 0 });
    range = [1 - factor[0], 1 + factor[1]];
  }
  const [lo, hi] = valueRangeOption(fn, options.valueRange);
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    const c = tf.tensor4d(uniforms(rng, n, range), [n, 1, 1, 1]);
    const mean = tf.mean(x, [1, 2], true);
    return tf.clipByValue(tf.add(tf.mul(tf.sub(x, mean), c), mean), lo, hi);
  });
}
