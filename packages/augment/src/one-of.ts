import { assertNumber, ConfigError } from '@strata/core';
import { disposeBatch, selectPerSample } from './internal/select.js';
import type { Augmentation } from './types.js';

/**
 * Applies one of several augmentations to each sample, chosen per sample with the given `weights`
 * (default equal). Every candidate runs on the whole batch and each sample keeps its chosen row, so
 * the candidates must keep the batch's shape; each gets its own child of `rng`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { oneOf, randomFlip, rot90 } from '@strata/augment';
 *
 * const augment = oneOf([rot90({ k: 1 }), rot90({ k: 2 }), randomFlip()], [2, 1, 1]);
 * augment({ x: tf.zeros([8, 5, 5, 3]) }, createRng(0)).x.shape; // => [8, 5, 5, 3]
 * ```
 */
export function oneOf(augmentations: readonly Augmentation[], weights?: readonly number[]): Augmentation {
  if (augmentations.length === 0) throw new ConfigError('oneOf', 'needs at least one augmentation');
  const w = weights ?? augmentations.map(() => 1);
  if (w.length !== augmentations.length) {
    throw new ConfigError(
      'oneOf(weights)',
      `needs one weight per augmentation (${augmentations.length}), got ${w.length}`,
    );
  }
  for (const [i, v] of w.entries()) assertNumber(v, `oneOf(weights[${i}])`, { min: 0 });
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new ConfigError('oneOf(weights)', 'must not all be 0');
  return (batch, rng) => {
    const [pickRng, ...rngs] = rng.split(augmentations.length + 1);
    const n = batch.x.shape[0];
    const choice = Array.from({ length: n }, () => {
      let u = pickRng!.next() * total;
      for (let k = 0; k < w.length; k++) {
        u -= w[k]!;
        if (u < 0) return k;
      }
      return w.length - 1;
    });
    const outputs = augmentations.map((a, k) => a(batch, rngs[k]!));
    const out = selectPerSample('oneOf', outputs, choice);
    for (const o of outputs) disposeBatch(o);
    return out;
  };
}
