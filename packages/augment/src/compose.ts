import * as tf from '@tensorflow/tfjs-core';
import type { Augmentation, AugmentBatch } from './types.js';

/**
 * Runs augmentations one after another. Each gets its own child of `rng` (`rng.split`), so adding a
 * step at the end does not change what the earlier steps draw. Intermediate batches are freed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { compose, randomCrop, randomFlip } from '@strata/augment';
 *
 * const augment = compose([randomCrop({ height: 28, width: 28, padding: 2 }), randomFlip()]);
 * augment({ x: tf.zeros([4, 28, 28, 1]) }, createRng(0)).x.shape; // => [4, 28, 28, 1]
 * ```
 */
export function compose(augmentations: readonly Augmentation[]): Augmentation {
  const steps = [...augmentations];
  return (batch, rng) => {
    const rngs = rng.split(Math.max(steps.length, 1));
    let current: AugmentBatch = batch;
    for (const [i, step] of steps.entries()) {
      const next = step(current, rngs[i]!);
      if (current !== batch) tf.dispose(current.y === undefined ? [current.x] : [current.x, current.y]);
      current = next;
    }
    if (current !== batch) return current;
    return batch.y === undefined ? { x: tf.clone(batch.x) } : { x: tf.clone(batch.x), y: tf.clone(batch.y) };
  };
}
