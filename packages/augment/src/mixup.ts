import { assertNumber, permutationIndices } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { sampleBeta } from './internal/beta.js';
import { checkImages, checkKeys } from './internal/checks.js';
import { checkMixLabels } from './internal/labels.js';
import type { Augmentation, AugmentBatch } from './types.js';

/**
 * Mixup (Zhang et al. 2018): each sample i is blended with sample π(i) of a random permutation of the
 * batch, x̃ = λ_i·x_i + (1 - λ_i)·x_π(i) and ỹ = λ_i·y_i + (1 - λ_i)·y_π(i), with λ_i drawn from
 * Beta(α, α) per sample (as KerasCV's `MixUp`). Labels must be one-hot or soft [N, K].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { mixup } from '@strata/augment';
 *
 * const x = tf.tensor4d([0, 1], [2, 1, 1, 1]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const out = mixup({ alpha: 0.4 })({ x, y }, createRng(1));
 * // Each mixed label still sums to 1.
 * Array.from(tf.sum(out.y!, 1).dataSync()).map((v) => Math.round(v * 1e6) / 1e6); // => [1, 1]
 * ```
 */
export function mixup(options: { readonly alpha?: number } = {}): Augmentation {
  const fn = 'mixup';
  checkKeys(fn, options, ['alpha']);
  const alpha = options.alpha ?? 0.2;
  assertNumber(alpha, `${fn}({alpha})`, { min: 0, exclusiveMin: true });
  return (batch, rng) => {
    checkImages(fn, batch.x);
    const y = checkMixLabels(fn, batch);
    const n = batch.x.shape[0];
    const lambdas = Array.from({ length: n }, () => sampleBeta(rng, alpha, alpha));
    const perm = permutationIndices(rng, n);
    return tf.tidy(() => {
      const index = tf.tensor1d(perm, 'int32');
      const lx = tf.tensor4d(lambdas, [n, 1, 1, 1]);
      const ly = tf.tensor2d(lambdas, [n, 1]);
      const mix = <T extends tf.Tensor>(a: T, l: tf.Tensor): T =>
        tf.add(tf.mul(a, l), tf.mul(tf.gather(a, index), tf.sub(1, l))) as T;
      return { x: mix(batch.x, lx), y: mix(y, ly) };
    }) as AugmentBatch;
  };
}
