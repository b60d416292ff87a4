import { assertNumber, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, uniforms } from './internal/checks.js';
import { hsvToRgb, rgbToHsv } from './internal/hsv.js';
import type { Augmentation } from './types.js';

/**
 * Scales each RGB image's saturation by its own random factor s from `factor` = [lower, upper], as
 * `tf.image.random_saturation`: RGB → HSV, S·s clipped to [0, 1], back to RGB. s = 0 gives greys (every
 * channel the pixel's maximum), s = 1 leaves the image unchanged. Pixels are read in [0, 1].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomSaturation } from '@strata/augment';
 *
 * const grey = randomSaturation({ factor: [0, 0] });
 * const { x } = grey({ x: tf.tensor4d([0.8, 0.2, 0.4], [1, 1, 1, 3]) }, createRng(0));
 * Array.from(x.dataSync()).map((v) => Math.round(v * 100) / 100); // => [0.8, 0.8, 0.8]
 * ```
 */
export function randomSaturation(options: { readonly factor: readonly [number, number] }): Augmentation {
  const fn = 'randomSaturation';
  checkKeys(fn, options, ['factor']);
  const f = options?.factor;
  if (!Array.isArray(f) || f.length !== 2) {
    throw new ConfigError(`${fn}({factor})`, `must be [lower, upper] multipliers, got ${JSON.stringify(f)}`);
  }
  assertNumber(f[0], `${fn}({factor})[0]`, { min: 0 });
  assertNumber(f[1], `${fn}({factor})[1]`, { min: f[0] });
  const range: [number, number] = [f[0], f[1]];
  return imageAugmentation(fn, (x, rng) => {
    const [n, , , c] = x.shape;
    if (c !== 3) throw new ConfigError(fn, `needs RGB images (3 channels), got ${c}`);
    const [h, s, v] = rgbToHsv(x);
    const scale = tf.tensor4d(uniforms(rng, n, range), [n, 1, 1, 1]);
    return hsvToRgb(h, tf.clipByValue(tf.mul(s, scale), 0, 1), v);
  });
}
