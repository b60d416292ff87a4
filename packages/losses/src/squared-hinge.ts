import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import { hingeClass, hingeTargets } from './internal/hinge-labels.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Squared hinge loss for ±1 targets (0/1 targets read as -1/+1, as Keras): max(1 - t·p, 0)²
 * averaged over the last axis, then reduced over samples. Smooth at the margin, unlike `hinge`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { squaredHinge } from '@strata/losses';
 *
 * // (1 − 0.5)² and (1 − (−1)(0.5))² = 0.25 and 2.25, averaged
 * squaredHinge()(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]])); // => 1.25
 * ```
 */
export function squaredHinge<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('squaredHinge', options, ['reduction']);
  return elementwiseLoss(
    'squaredHinge',
    {
      value: (t, p) => tf.square(tf.relu(tf.sub(1, tf.mul(t, p)))),
      grad: (t, p, g) => {
        const m = tf.mul(tf.mul(tf.relu(tf.sub(1, tf.mul(t, p))), -2), g);
        return [tf.mul(p, m), tf.mul(t, m)];
      },
    },
    reduction,
    classWeights,
    { targets: hingeTargets, classValue: hingeClass },
  ) as LossFor<R>;
}
