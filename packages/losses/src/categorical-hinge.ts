import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { rowLoss } from './internal/row-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Categorical hinge (Crammer & Singer 2001, as Keras): for one-hot targets, max(neg - pos + 1, 0)
 * with pos = Σ t·p (the true class's score) and neg = max_c (1 - t_c)·p_c (the best other score),
 * then the reduction over samples. Zero once the true class leads every other by a margin of 1.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { categoricalHinge } from '@strata/losses';
 *
 * // pos = 0.6, neg = max(0.3, 0.1) = 0.3: max(0.3 − 0.6 + 1, 0)
 * categoricalHinge()(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.3, 0.6, 0.1]])); // => 0.7
 * ```
 */
export function categoricalHinge<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('categoricalHinge', options, ['reduction']);
  const parts = (t: tf.Tensor, p: tf.Tensor) => {
    const others = tf.mul(tf.sub(1, t), p);
    const margin = tf.add(tf.sub(tf.max(others, -1), tf.sum(tf.mul(t, p), -1)), 1);
    return { others, margin };
  };
  return rowLoss(
    'categoricalHinge',
    {
      value: (t, p) => tf.relu(parts(t, p).margin),
      grad: (t, p, g) => {
        const { others, margin } = parts(t, p);
        const c = p.shape[p.rank - 1]!;
        // The subgradient of the max goes to the first maximal entry, as tf.argMax picks it.
        const top = tf.cast(tf.oneHot(tf.argMax(others, -1), c), 'float32');
        const active = tf.mul(tf.expandDims(tf.cast(tf.greater(margin, 0), 'float32'), -1), g);
        const dp = tf.sub(tf.mul(top, tf.sub(1, t)), t);
        const dt = tf.neg(tf.add(tf.mul(top, p), p));
        return [tf.mul(dt, active), tf.mul(dp, active)];
      },
    },
    { reduction, classWeights, reading: 'distribution' },
  ) as LossFor<R>;
}
