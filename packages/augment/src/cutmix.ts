import { assertNumber, permutationIndices } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { sampleBeta } from './internal/beta.js';
import { type Box, boxMask } from './internal/box-mask.js';
import { checkImages, checkKeys } from './internal/checks.js';
import { checkMixLabels } from './internal/labels.js';
import type { Augmentation, AugmentBatch } from './types.js';

/**
 * CutMix (Yun et al. 2019): each sample i gets a box pasted from sample π(i) of a random permutation.
 * λ is drawn from Beta(α, α) per sample; the box has sides H·√(1-λ) × W·√(1-λ) (rounded), its centre
 * uniform over the image and its edges clipped to it, and the labels mix by the area actually pasted:
 * ỹ = λ'·y_i + (1 - λ')·y_π(i) with λ' = 1 - box area / (H·W), the paper's adjustment.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { cutmix } from '@strata/augment';
 *
 * const x = tf.concat([tf.zeros([1, 4, 4, 1]), tf.ones([1, 4, 4, 1])]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const out = cutmix()({ x, y }, createRng(2));
 * // Sample 0's second label is the share of its pixels that came from sample 1 (or 0 if π(0) = 0).
 * const pasted = tf.mean(tf.slice(out.x, [0], [1])).dataSync()[0];
 * Math.abs(out.y!.dataSync()[1] - pasted) < 1e-6; // => true
 * ```
 */
export function cutmix(options: { readonly alpha?: number } = {}): Augmentation {
  const fn = 'cutmix';
  checkKeys(fn, options, ['alpha']);
  const alpha = options.alpha ?? 1;
  assertNumber(alpha, `${fn}({alpha})`, { min: 0, exclusiveMin: true });
  return (batch, rng) => {
    checkImages(fn, batch.x);
    const y = checkMixLabels(fn, batch);
    const [n, h, w] = batch.x.shape;
    const boxes: Box[] = [];
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      const cut = Math.sqrt(1 - sampleBeta(rng, alpha, alpha));
      const ch = Math.round(h * cut);
      const cw = Math.round(w * cut);
      const cy = rng.next() * h;
      const cx = rng.next() * w;
      const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
      const top = clip(Math.round(cy - ch / 2), h);
      const bottom = clip(Math.round(cy - ch / 2) + ch, h);
      const left = clip(Math.round(cx - cw / 2), w);
      const right = clip(Math.round(cx - cw / 2) + cw, w);
      boxes.push({ top, bottom, left, right });
      kept.push(1 - ((bottom - top) * (right - left)) / (h * w));
    }
    const perm = permutationIndices(rng, n);
    return tf.tidy(() => {
      const index = tf.tensor1d(perm, 'int32');
      const mask = boxMask(boxes, h, w);
      const x = tf.add(tf.mul(batch.x, tf.sub(1, mask)), tf.mul(tf.gather(batch.x, index), mask));
      const l = tf.tensor2d(kept, [n, 1]);
      const mixed = tf.add(tf.mul(y, l), tf.mul(tf.gather(y, index), tf.sub(1, l)));
      return { x, y: mixed };
    }) as AugmentBatch;
  };
}
