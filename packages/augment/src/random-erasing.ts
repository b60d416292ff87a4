import { assertNumber } from '@strata/core';
import { type Box, fillBoxes } from './internal/box-mask.js';
import { checkKeys, imageAugmentation, rangeOption } from './internal/checks.js';
import type { Augmentation } from './types.js';

export interface RandomErasingOptions {
  /** The chance that an image is erased (default 0.5). */
  readonly probability?: number;
  /** The erased area as a fraction of the image, [lower, upper] (default [0.02, 0.33]). */
  readonly area?: readonly [number, number];
  /** The rectangle's aspect ratio h/w, [lower, upper] (default [0.3, 3.3]), drawn log-uniformly. */
  readonly aspect?: readonly [number, number];
  /** The value written into the rectangle (default 0). */
  readonly fillValue?: number;
}

/**
 * Random erasing (Zhong et al. 2017): with `probability`, one rectangle of each image, of random area
 * and aspect ratio and lying wholly inside it, is set to `fillValue`. A draw that does not fit is
 * redrawn, up to 10 times (then the image is left as it is), as the paper's algorithm.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomErasing } from '@strata/augment';
 *
 * const erase = randomErasing({ probability: 1, area: [0.25, 0.25], aspect: [1, 1] });
 * const { x } = erase({ x: tf.ones([1, 4, 4, 1]) }, createRng(0));
 * tf.sum(x).dataSync()[0]; // => 12
 * ```
 */
export function randomErasing(options: RandomErasingOptions = {}): Augmentation {
  const fn = 'randomErasing';
  checkKeys(fn, options, ['probability', 'area', 'aspect', 'fillValue']);
  const p = options.probability ?? 0.5;
  assertNumber(p, `${fn}({probability})`, { min: 0, max: 1 });
  const area = rangeOption(fn, 'area', options.area ?? [0.02, 0.33], { min: 0, max: 1 });
  const aspect = rangeOption(fn, 'aspect', options.aspect ?? [0.3, 3.3], { min: 0, exclusiveMin: true });
  const fillValue = options.fillValue ?? 0;
  assertNumber(fillValue, `${fn}({fillValue})`);
  return imageAugmentation(fn, (x, rng) => {
    const [n, h, w] = x.shape;
    const none: Box = { top: 0, bottom: 0, left: 0, right: 0 };
    const boxes = Array.from({ length: n }, (): Box => {
      if (rng.next() >= p) return none;
      for (let attempt = 0; attempt < 10; attempt++) {
        const target = (area[0] + (area[1] - area[0]) * rng.next()) * h * w;
        const ratio = Math.exp(
          Math.log(aspect[0]) + (Math.log(aspect[1]) - Math.log(aspect[0])) * rng.next(),
        );
        const bh = Math.round(Math.sqrt(target * ratio));
        const bw = Math.round(Math.sqrt(target / ratio));
        if (bh >= 1 && bw >= 1 && bh <= h && bw <= w) {
          const top = Math.floor(rng.next() * (h - bh + 1));
          const left = Math.floor(rng.next() * (w - bw + 1));
          return { top, bottom: top + bh, left, right: left + bw };
        }
      }
      return none;
    });
    return fillBoxes(x, boxes, fillValue);
  });
}
