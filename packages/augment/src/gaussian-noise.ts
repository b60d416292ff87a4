import { assertNumber, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

/**
 * Adds independent normal noise N(0, stddev²) to every pixel. The noise is drawn from `rng` on the host
 * (core's `randomNormal`), so a seed gives the same noisy batch on every backend. No clipping.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { gaussianNoise } from '@strata/augment';
 *
 * const { x } = gaussianNoise({ stddev: 0.1 })({ x: tf.zeros([2, 8, 8, 3]) }, createRng(0));
 * x.shape; // => [2, 8, 8, 3]
 * ```
 */
export function gaussianNoise(options: { readonly stddev: number }): Augmentation {
  const fn = 'gaussianNoise';
  checkKeys(fn, options, ['stddev']);
  assertNumber(options?.stddev, `${fn}({stddev})`, { min: 0 });
  const { stddev } = options;
  return imageAugmentation(fn, (x, rng) => tf.add(x, randomNormal(rng, x.shape, 0, stddev)));
}
