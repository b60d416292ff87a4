import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { rowLoss } from './internal/row-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's backend epsilon: both distributions are clipped to [EPSILON, 1] before the logarithms.
const EPSILON = 1e-7;

const clipped = (x: tf.Tensor) => tf.clipByValue(x, EPSILON, 1);
const inside = (x: tf.Tensor) =>
  tf.cast(tf.logicalAnd(tf.greaterEqual(x, EPSILON), tf.lessEqual(x, 1)), 'float32');

/**
 * Kullback–Leibler divergence KL(yTrue ‖ yPred) = Σ_c t_c·log(t_c / p_c) over the last axis, both
 * clipped to [1e-7, 1] as Keras, then reduced over samples. Zero when the distributions agree.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { klDivergence } from '@strata/losses';
 *
 * // 0.5·log(0.5/0.25) + 0.5·log(0.5/0.75) = 0.5·(0.693147 − 0.405465)
 * klDivergence()(tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[0.25, 0.75]])); // => 0.1438
 * ```
 */
export function klDivergence<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('klDivergence', options, ['reduction']);
  return rowLoss(
    'klDivergence',
    {
      value: (t, p) => {
        const tc = clipped(t);
        return tf.sum(tf.mul(tc, tf.sub(tf.log(tc), tf.log(clipped(p)))), -1);
      },
      grad: (t, p, g) => {
        const tc = clipped(t);
        const pc = clipped(p);
        const dt = tf.mul(tf.add(tf.sub(tf.log(tc), tf.log(pc)), 1), inside(t));
        const dp = tf.mul(tf.neg(tf.div(tc, pc)), inside(p));
        return [tf.mul(dt, g), tf.mul(dp, g)];
      },
    },
    { reduction, classWeights, reading: 'distribution' },
  ) as LossFor<R>;
}
