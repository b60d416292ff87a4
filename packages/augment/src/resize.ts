import { assertInteger } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation, interpolationOption } from './internal/checks.js';
import type { Augmentation, Interpolation } from './types.js';

/**
 * Resizes every image to `height` × `width` with TensorFlow 2's convention (half-pixel centres, no
 * corner alignment, as Keras's `Resizing`): output pixel i samples the input at (i + ½)·in/out - ½.
 * Bilinear by default, or nearest.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { resize } from '@strata/augment';
 *
 * // 1×2 → 1×4: samples at -0.25, 0.25, 0.75, 1.25, clamped to the edge pixels
 * const { x } = resize({ height: 1, width: 4 })({ x: tf.tensor4d([0, 4], [1, 1, 2, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [0, 1, 3, 4]
 * ```
 */
export function resize(options: {
  readonly height: number;
  readonly width: number;
  readonly interpolation?: Interpolation;
}): Augmentation {
  const fn = 'resize';
  checkKeys(fn, options, ['height', 'width', 'interpolation']);
  assertInteger(options?.height, `${fn}({height})`);
  assertInteger(options.width, `${fn}({width})`);
  const interpolation = interpolationOption(fn, options.interpolation, 'bilinear');
  const size: [number, number] = [options.height, options.width];
  return imageAugmentation(fn, (x) =>
    interpolation === 'bilinear'
      ? tf.image.resizeBilinear(x, size, false, true)
      : tf.image.resizeNearestNeighbor(x, size, false, true),
  );
}
