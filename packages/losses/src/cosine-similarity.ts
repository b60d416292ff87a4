import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { rowLoss } from './internal/row-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's l2_normalize floor on the squared norm: x / sqrt(max(Σx², 1e-12)).
const FLOOR = 1e-12;

/** x / ‖x‖ along the last axis, the norm floored as Keras; also whether the floor was not hit. */
function normalize(x: tf.Tensor): { unit: tf.Tensor; norm: tf.Tensor; free: tf.Tensor } {
  const sq = tf.sum(tf.square(x), -1, true);
  const norm = tf.sqrt(tf.maximum(sq, FLOOR));
  return { unit: tf.div(x, norm), norm, free: tf.cast(tf.greater(sq, FLOOR), 'float32') };
}

/**
 * Cosine similarity as a loss, with Keras's sign: -Σ_c t̂_c·p̂_c over the last axis for the unit
 * vectors t̂ = t/‖t‖ and p̂ = p/‖p‖, so minimizing it aligns the prediction with the target (-1 when
 * they point the same way, 0 when orthogonal, +1 when opposite). A zero vector gives 0. Then the
 * reduction over samples.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cosineSimilarity } from '@strata/losses';
 *
 * // cos 45° = 1/√2, negated
 * cosineSimilarity()(tf.tensor2d([[1, 0]]), tf.tensor2d([[3, 3]])); // => -0.7071
 * ```
 */
export function cosineSimilarity<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('cosineSimilarity', options, ['reduction']);
  // ∂(t̂·p̂)/∂p = (t̂ - (t̂·p̂)·p̂) / ‖p‖ while ‖p‖² is above the floor; below it the norm is a
  // constant and the projection term vanishes.
  const side = (a: ReturnType<typeof normalize>, b: ReturnType<typeof normalize>, dot: tf.Tensor) =>
    tf.div(tf.sub(b.unit, tf.mul(tf.mul(dot, a.free), a.unit)), a.norm);
  return rowLoss(
    'cosineSimilarity',
    {
      value: (t, p) => tf.neg(tf.sum(tf.mul(normalize(t).unit, normalize(p).unit), -1)),
      grad: (t, p, g) => {
        const nt = normalize(t);
        const np = normalize(p);
        const dot = tf.sum(tf.mul(nt.unit, np.unit), -1, true);
        const ng = tf.neg(g);
        return [tf.mul(side(nt, np, dot), ng), tf.mul(side(np, nt, dot), ng)];
      },
    },
    { reduction, classWeights, reading: 'distribution' },
  ) as LossFor<R>;
}
