import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, rangeOption, uniforms, valueRangeOption } from './internal/checks.js';
import type { Augmentation, Range, ValueRange } from './types.js';

export interface RandomBrightnessOptions {
  /** The shift as a fraction of the value range: f draws from [-f, f], or [lower, upper]. */
  readonly factor: Range;
  /** The pixel range (default [0, 1]); results are clipped to it. */
  readonly valueRange?: ValueRange;
}

/**
 * Adds one random offset per image, δ·(max - min) for δ drawn from `factor`, then clips to the value
 * range (Keras's `RandomBrightness`, whose default range is [0, 255]; Strata's is [0, 1]).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomBrightness } from '@strata/augment';
 *
 * const brighter = randomBrightness({ factor: [0.25, 0.25] });
 * const { x } = brighter({ x: tf.tensor4d([0, 0.5, 0.9], [1, 1, 3, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [0.25, 0.75, 1]
 * ```
 */
export function randomBrightness(options: RandomBrightnessOptions): Augmentation {
  const fn = 'randomBrightness';
  checkKeys(fn, options, ['factor', 'valueRange']);
  const range = rangeOption(fn, 'factor', options?.factor, { min: -1, max: 1 });
  const [lo, hi] = valueRangeOption(fn, options.valueRange);
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    const delta = uniforms(rng, n, range).map((d) => d * (hi - lo));
    return tf.clipByValue(tf.add(x, tf.tensor4d(delta, [n, 1, 1, 1])), lo, hi);
  });
}
