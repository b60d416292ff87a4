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

export interface RandomZoomOptions {
  /**
   * Vertical zoom as a fraction: the image is scaled by 1/(1 + f) for a draw f, so a positive draw
   * zooms out (content shrinks) and a negative one zooms in, as Keras.
   */
  readonly height: Range;
  /** Horizontal zoom; when absent the height's draw is used, keeping the aspect ratio. */
  readonly width?: Range;
  readonly interpolation?: Interpolation;
  readonly fillMode?: FillMode;
  readonly fillValue?: number;
}

/**
 * Zooms each image about its centre by its own random factor (Keras's `RandomZoom`): the output at p
 * reads the input at (1 + f)·(p - c) + c, so f = -0.5 doubles the content's size and f = 1 halves it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomZoom } from '@strata/augment';
 *
 * // Zooming out by 2 (f = 1) on 1×5: output column j reads input column 2j - 2 (centre 2).
 * const zoom = randomZoom({ height: [0, 0], width: [1, 1], interpolation: 'nearest' });
 * const { x } = zoom({ x: tf.tensor4d([1, 2, 3, 4, 5], [1, 1, 5, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [0, 1, 3, 5, 0]
 * ```
 */
export function randomZoom(options: RandomZoomOptions): Augmentation {
  const fn = 'randomZoom';
  checkKeys(fn, options, ['height', 'width', 'interpolation', 'fillMode', 'fillValue']);
  const hr = rangeOption(fn, 'height', options?.height, { min: -1, max: 10 });
  const wr =
    options.width === undefined ? null : rangeOption(fn, 'width', options.width, { min: -1, max: 10 });
  const interpolation = interpolationOption(fn, options.interpolation, 'bilinear');
  const fillMode = fillModeOption(fn, options.fillMode);
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    const zy = uniforms(rng, n, hr).map((f) => 1 + f);
    const zx = wr === null ? zy : uniforms(rng, n, wr).map((f) => 1 + f);
    const maps = zy.map((y, i) => ({ m: [zx[i]!, 0, 0, y] as const }));
    return affineTransform(x, maps, { interpolation, fillMode, fillValue: options.fillValue ?? 0 });
  });
}
