import { assertInteger, ConfigError, randomInt } from '@strata/core';
import { affineTransform } from './internal/affine.js';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

export interface RandomCropOptions {
  readonly height: number;
  readonly width: number;
  /** Zero padding added on every side before cropping (default 0), as in the CIFAR recipe. */
  readonly padding?: number;
}

/**
 * Pads each image with `padding` zeros on every side, then cuts a `height` × `width` window at its own
 * random integer offset (uniform over every window that fits), so pixels are copied exactly. The
 * CIFAR/ResNet recipe is `randomCrop({ height: 32, width: 32, padding: 4 })`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomCrop } from '@strata/augment';
 *
 * const crop = randomCrop({ height: 2, width: 2, padding: 1 });
 * const { x } = crop({ x: tf.ones([3, 4, 4, 1]) }, createRng(0));
 * x.shape; // => [3, 2, 2, 1]
 * ```
 */
export function randomCrop(options: RandomCropOptions): Augmentation {
  const fn = 'randomCrop';
  checkKeys(fn, options, ['height', 'width', 'padding']);
  assertInteger(options?.height, `${fn}({height})`);
  assertInteger(options.width, `${fn}({width})`);
  const padding = options.padding ?? 0;
  assertInteger(padding, `${fn}({padding})`, 0);
  const { height, width } = options;
  return imageAugmentation(fn, (x, rng) => {
    const [n, h, w] = x.shape;
    const spanY = h + 2 * padding - height;
    const spanX = w + 2 * padding - width;
    if (spanY < 0 || spanX < 0) {
      throw new ConfigError(
        fn,
        `a ${height}×${width} crop does not fit a ${h}×${w} image padded by ${padding}; lower the crop or raise the padding`,
      );
    }
    const maps = Array.from({ length: n }, () => {
      const top = randomInt(rng, spanY + 1) - padding;
      const left = randomInt(rng, spanX + 1) - padding;
      // Identity matrix; the offset places the window, outside the image reads the zero fill.
      return { m: [1, 0, 0, 1] as const, shift: [-left, -top] as const };
    });
    return affineTransform(x, maps, {
      interpolation: 'nearest',
      fillMode: 'constant',
      outputShape: [height, width],
      offset: [0, 0],
    });
  });
}
