import { assertInteger, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

/**
 * Cuts the central `height` × `width` window of every image; when the margin is odd, the extra row or
 * column is dropped at the bottom/right (the window starts at floor((H - height) / 2)), as Keras's
 * `CenterCrop`. No randomness.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { centerCrop } from '@strata/augment';
 *
 * const { x } = centerCrop({ height: 1, width: 2 })({ x: tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [4, 5]
 * ```
 */
export function centerCrop(options: { readonly height: number; readonly width: number }): Augmentation {
  const fn = 'centerCrop';
  checkKeys(fn, options, ['height', 'width']);
  assertInteger(options?.height, `${fn}({height})`);
  assertInteger(options.width, `${fn}({width})`);
  const { height, width } = options;
  return imageAugmentation(fn, (x) => {
    const [n, h, w, c] = x.shape;
    if (height > h || width > w) {
      throw new ConfigError(
        fn,
        `a ${height}×${width} crop is larger than the ${h}×${w} images; use resize to enlarge`,
      );
    }
    return tf.slice(
      x,
      [0, Math.floor((h - height) / 2), Math.floor((w - width) / 2), 0],
      [n, height, width, c],
    );
  });
}
