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

export interface RandomShearOptions {
  /** Horizontal shear s_x: row y moves right by s_x·(y - c_y) (positive tilts the lower half right). */
  readonly x?: Range;
  /** Vertical shear s_y: column x moves down by s_y·(x - c_x). */
  readonly y?: Range;
  readonly interpolation?: Interpolation;
  readonly fillMode?: FillMode;
  readonly fillValue?: number;
}

/**
 * Shears each image about its centre by its own random amounts: the output at (x, y) reads the input
 * at (x - s_x·(y - c_y), y - s_y·(x - c_x)), i.e. content in row y moves right by s_x·(y - c_y).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomShear } from '@strata/augment';
 *
 * // s_x = 1 on 3×3: the top row moves 1 left, the middle stays, the bottom row moves 1 right.
 * const shear = randomShear({ x: [1, 1] });
 * const { x } = shear({ x: tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [2, 3, 0, 4, 5, 6, 0, 7, 8]
 * ```
 */
export function randomShear(options: RandomShearOptions = {}): Augmentation {
  const fn = 'randomShear';
  checkKeys(fn, options, ['x', 'y', 'interpolation', 'fillMode', 'fillValue']);
  const xr = rangeOption(fn, 'x', options.x ?? 0, { min: -10, max: 10 });
  const yr = rangeOption(fn, 'y', options.y ?? 0, { min: -10, max: 10 });
  const interpolation = interpolationOption(fn, options.interpolation, 'bilinear');
  const fillMode = fillModeOption(fn, options.fillMode);
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    const sx = uniforms(rng, n, xr);
    const sy = uniforms(rng, n, yr);
    const maps = sx.map((s, i) => ({ m: [1, -s, -sy[i]!, 1] as const }));
    return affineTransform(x, maps, { interpolation, fillMode, fillValue: options.fillValue ?? 0 });
  });
}
