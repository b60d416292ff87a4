import { assertInteger, assertNumber } from '@strata/core';
import type { Box } from './internal/box-mask.js';
import { fillBoxes } from './internal/box-mask.js';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

export interface CutoutOptions {
  /** The side of the square patch, in pixels. */
  readonly size: number;
  /** Patches per image (default 1). */
  readonly count?: number;
  /** The value written into the patch (default 0). */
  readonly fillValue?: number;
}

/**
 * Cutout (DeVries & Taylor 2017): sets a `size` × `size` square of every image to `fillValue`, its
 * centre drawn uniformly over the image's pixels, so near an edge only the part inside the image is
 * cut (the paper's choice, which keeps some images intact).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { cutout } from '@strata/augment';
 *
 * // A 2×2 patch on a 4×4 image of ones removes between 1 and 4 pixels.
 * const { x } = cutout({ size: 2 })({ x: tf.ones([1, 4, 4, 1]) }, createRng(0));
 * const removed = 16 - tf.sum(x).dataSync()[0];
 * removed >= 1 && removed <= 4; // => true
 * ```
 */
export function cutout(options: CutoutOptions): Augmentation {
  const fn = 'cutout';
  checkKeys(fn, options, ['size', 'count', 'fillValue']);
  assertInteger(options?.size, `${fn}({size})`);
  const count = options.count ?? 1;
  assertInteger(count, `${fn}({count})`);
  const fillValue = options.fillValue ?? 0;
  assertNumber(fillValue, `${fn}({fillValue})`);
  const { size } = options;
  return imageAugmentation(fn, (x, rng) => {
    const [n, h, w] = x.shape;
    let out = x;
    for (let k = 0; k < count; k++) {
      const boxes: Box[] = Array.from({ length: n }, () => {
        const cy = Math.floor(rng.next() * h);
        const cx = Math.floor(rng.next() * w);
        const top = cy - Math.floor(size / 2);
        const left = cx - Math.floor(size / 2);
        return { top, bottom: top + size, left, right: left + size };
      });
      out = fillBoxes(out, boxes, fillValue);
    }
    return out;
  });
}
