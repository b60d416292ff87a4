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

export interface RandomRotationOptions {
  /**
   * The angle as a fraction of a full turn: f draws from [-f·2π, f·2π], [lo, hi] from
   * [lo·2π, hi·2π]. Positive angles turn counter-clockwise.
   */
  readonly factor: Range;
  readonly interpolation?: Interpolation;
  readonly fillMode?: FillMode;
  readonly fillValue?: number;
}

/**
 * Rotates each image about its centre by its own random angle (Keras's `RandomRotation`: positive is
 * counter-clockwise, the factor a fraction of 2π), sampling bilinearly, with pixels from outside the
 * image filled with 0 by default. A quarter turn equals `rot90` on a square image.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomRotation } from '@strata/augment';
 *
 * // Exactly a quarter turn counter-clockwise: [[1, 2], [3, 4]] → [[2, 4], [1, 3]]
 * const turn = randomRotation({ factor: [0.25, 0.25] });
 * const { x } = turn({ x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, createRng(0));
 * Array.from(x.dataSync()).map(Math.round); // => [2, 4, 1, 3]
 * ```
 */
export function randomRotation(options: RandomRotationOptions): Augmentation {
  const fn = 'randomRotation';
  checkKeys(fn, options, ['factor', 'interpolation', 'fillMode', 'fillValue']);
  const range = rangeOption(fn, 'factor', options?.factor, { min: -1, max: 1 });
  const interpolation = interpolationOption(fn, options.interpolation, 'bilinear');
  const fillMode = fillModeOption(fn, options.fillMode);
  return imageAugmentation(fn, (x, rng) => {
    const angles = uniforms(rng, x.shape[0], range).map((f) => f * 2 * Math.PI);
    // Counter-clockwise on screen (rows grow downwards): the output at p reads the input at
    // R·(p - c) + c with R = [[cos, -sin], [sin, cos]].
    const maps = angles.map((a) => ({ m: [Math.cos(a), -Math.sin(a), Math.sin(a), Math.cos(a)] as const }));
    return affineTransform(x, maps, { interpolation, fillMode, fillValue: options.fillValue ?? 0 });
  });
}
