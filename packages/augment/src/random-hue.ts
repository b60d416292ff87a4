import { assertNumber, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, uniforms } from './internal/checks.js';
import { hsvToRgb, rgbToHsv } from './internal/hsv.js';
import type { Augmentation } from './types.js';

/**
 * Rotates each RGB image's hue by its own random δ in [-maxDelta, maxDelta] (a fraction of the colour
 * wheel, maxDelta ≤ 0.5), as `tf.image.random_hue`: RGB → HSV, H + δ mod 1, back to RGB. δ = 1/3 turns
 * red into green. Pixels are read in [0, 1].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomHue } from '@strata/augment';
 *
 * // Whatever δ is drawn, a grey pixel has no hue to turn.
 * const { x } = randomHue({ maxDelta: 0.5 })({ x: tf.fill([1, 1, 1, 3], 0.3) }, createRng(0));
 * Array.from(x.dataSync()).map((v) => Math.round(v * 100) / 100); // => [0.3, 0.3, 0.3]
 * ```
 */
export function randomHue(options: { readonly maxDelta: number }): Augmentation {
  const fn = 'randomHue';
  checkKeys(fn, options, ['maxDelta']);
  assertNumber(options?.maxDelta, `${fn}({maxDelta})`, { min: 0, max: 0.5 });
  const { maxDelta } = options;
  return imageAugmentation(fn, (x, rng) => {
    const [n, , , c] = x.shape;
    if (c !== 3) throw new ConfigError(fn, `needs RGB images (3 channels), got ${c}`);
    const [h, s, v] = rgbToHsv(x);
    const delta = tf.tensor4d(uniforms(rng, n, [-maxDelta, maxDelta]), [n, 1, 1, 1]);
    return hsvToRgb(tf.mod(tf.add(h, delta), 1), s, v);
  });
}
