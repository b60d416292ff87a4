import { assertInteger } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

/**
 * Rotates every image by k quarter turns counter-clockwise, as `np.rot90(image, k)` on the (H, W)
 * axes: one turn moves the top-right pixel to the top-left. An odd k swaps height and width. It uses
 * no randomness; wrap it in `randomApply` or `oneOf` to rotate some samples only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { rot90 } from '@strata/augment';
 *
 * // [[1, 2], [3, 4]] → [[2, 4], [1, 3]], as np.rot90
 * const { x } = rot90()({ x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, createRng(0));
 * Array.from(x.dataSync()); // => [2, 4, 1, 3]
 * ```
 */
export function rot90(options: { readonly k?: number } = {}): Augmentation {
  const fn = 'rot90';
  checkKeys(fn, options, ['k']);
  const k = options.k ?? 1;
  assertInteger(k, `${fn}({k})`, Number.MIN_SAFE_INTEGER);
  const turns = ((k % 4) + 4) % 4;
  return imageAugmentation(fn, (x) => {
    let out: tf.Tensor4D = x;
    // One counter-clockwise turn: mirror the columns, then swap rows and columns (np.rot90's k = 1).
    for (let i = 0; i < turns; i++) out = tf.transpose(tf.reverse(out, 2), [0, 2, 1, 3]);
    return out === x ? tf.clone(x) : out;
  });
}
