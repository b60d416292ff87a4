import { assertNumber } from '@strata/core';
import { disposeBatch, selectPerSample } from './internal/select.js';
import type { Augmentation } from './types.js';

/**
 * Applies `augmentation` to each sample with probability `p`, drawn per sample: the augmentation runs
 * on the whole batch, then each sample keeps the augmented or the original row, so it must keep the
 * batch's shape. Mixed labels follow their images.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { randomApply, rot90 } from '@strata/augment';
 *
 * const never = randomApply(rot90(), 0);
 * Array.from(never({ x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, createRng(0)).x.dataSync()); // => [1, 2, 3, 4]
 * ```
 */
export function randomApply(augmentation: Augmentation, p = 0.5): Augmentation {
  assertNumber(p, 'randomApply(p)', { min: 0, max: 1 });
  return (batch, rng) => {
    const [pickRng, runRng] = rng.split(2) as [typeof rng, typeof rng];
    const n = batch.x.shape[0];
    const choice = Array.from({ length: n }, () => (pickRng.next() < p ? 1 : 0));
    const augmented = augmentation(batch, runRng);
    const out = selectPerSample('randomApply', [batch, augmented], choice);
    disposeBatch(augmented);
    return out;
  };
}
