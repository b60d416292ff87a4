import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's backend epsilon, added to the predicted rate inside the logarithm.
const EPSILON = 1e-7;

/**
 * Poisson loss for counts: p - t·log(p + 1e-7) with the predicted rate p > 0, averaged over the last
 * axis, then reduced over samples (Keras's form: the negative Poisson log-likelihood without the
 * log t! term, which does not depend on the prediction).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { poisson } from '@strata/losses';
 *
 * // 2 − 3·log 2 = 2 − 2.079442
 * poisson()(tf.tensor1d([3]), tf.tensor1d([2])); // => -0.0794
 * ```
 */
export function poisson<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('poisson', options, ['reduction']);
  return elementwiseLoss(
    'poisson',
    {
      value: (t, p) => tf.sub(p, tf.mul(t, tf.log(tf.add(p, EPSILON)))),
      grad: (t, p, g) => {
        const rate = tf.add(p, EPSILON);
        return [tf.mul(tf.neg(tf.log(rate)), g), tf.mul(tf.sub(1, tf.div(t, rate)), g)];
      },
    },
    reduction,
    classWeights,
  ) as LossFor<R>;
}
