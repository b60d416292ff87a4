import { affineTransform } from './internal/affine.js';
import {
  checkKeys,
  fillModeOption,
  imageAugmentation,
  interpolationOption,
  rangeOption,
  uniforms,
} from './internal/checks.js';
import type { Augmentation, FillMode, Interpolation, Range } from './types.js';

export interface RandomTranslationOptions {
  /** Vertical shift as a fraction of the height: positive moves content down, negative up. */
  readonly height?: Range;
  /** Horizontal shift as a fraction of the width: positive moves content right, negative left. */
  readonly width?: Range;
  readonly interpolation?: Interpolation;
  readonly fillMode?: FillMode;
  readonly fillValue?: number;
}

/**
 * Shifts each image by its own random offset (Keras's `RandomTranslation`): dy drawn from `height` × H
 * and dx from `width` × W, so a shift of (dx, dy) = (+2, −1) moves content 2 columns right and 1 row
 * up. Uncovered pixels are filled with `fillValue` (0) by default; bilinear sampling serves
 * fractional shifts.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomTranslation } from '@strata/augment';
 *
 * // Exactly one column right (width range [1/4, 1/4] of 4 columns): zero fill on the left.
 * const shift = randomTranslation({ width: [0.25, 0.25] });
 * const { x } = shift({ x: tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [0, 1, 2, 3]
 * ```
 */
export function randomTranslation(options: RandomTranslationOptions = {}): Augmentation {
  const fn = 'randomTranslation';
  checkKeys(fn, options, ['height', 'width', 'interpolation', 'fillMode', 'fillValue']);
  const hr = rangeOption(fn, 'height', options.height ?? 0, { min: -1, max: 1 });
  const wr = rangeOption(fn, 'width', options.width ?? 0, { min: -1, max: 1 });
  const interpolation = interpolationOption(fn, options.interpolation, 'bilinear');
  const fillMode = fillModeOption(fn, options.fillMode);
  return imageAugmentation(fn, (x, rng) => {
    const [n, h, w] = x.shape;
    const dy = uniforms(rng, n, hr);
    const dx = uniforms(rng, n, wr);
    const maps = dx.map((fx, i) => ({ m: [1, 0, 0, 1] as const, shift: [fx * w, dy[i]! * h] as const }));
    return affineTransform(x, maps, { interpolation, fillMode, fillValue: options.fillValue ?? 0 });
  });
}
