import { assertOneOf } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, imageAugmentation } from './internal/checks.js';
import type { Augmentation } from './types.js';

export interface RandomFlipOptions {
  /** Which flips may happen (default 'horizontal'); each is drawn per sample with probability ½. */
  readonly mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical';
}

/**
 * Mirrors each image left–right (`horizontal`: column j becomes W-1-j) and/or top–bottom
 * (`vertical`: row i becomes H-1-i), each with probability ½ per sample, as Keras's `RandomFlip`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomFlip } from '@strata/augment';
 *
 * const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]);
 * // Over many seeds a sample is either unchanged or mirrored, nothing else.
 * const { x: out } = randomFlip()({ x }, createRng(3));
 * [[1, 2, 3, 4].join(), [4, 3, 2, 1].join()].includes(Array.from(out.dataSync()).join()); // => true
 * ```
 */
export function randomFlip(options: RandomFlipOptions = {}): Augmentation {
  const fn = 'randomFlip';
  checkKeys(fn, options, ['mode']);
  const mode = options.mode ?? 'horizontal';
  assertOneOf(mode, ['horizontal', 'vertical', 'horizontal_and_vertical'] as const, `${fn}({mode})`);
  const axes: (1 | 2)[] = mode === 'horizontal' ? [2] : mode === 'vertical' ? [1] : [2, 1];
  return imageAugmentation(fn, (x, rng) => {
    const n = x.shape[0];
    let out: tf.Tensor4D = x;
    for (const axis of axes) {
      // Row i of [out; mirrored] or row n + i: one gather of whole images picks each sample's version.
      const pick = Array.from({ length: n }, (_, i) => (rng.next() < 0.5 ? n + i : i));
      out = tf.gather(tf.concat([out, tf.reverse(out, axis)]), tf.tensor1d(pick, 'int32'));
    }
    return out === x ? tf.clone(x) : out;
  });
}
