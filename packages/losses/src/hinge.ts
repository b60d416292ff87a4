import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import { hingeClass, hingeTargets } from './internal/hinge-labels.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Hinge loss for ±1 targets (0/1 targets are read as -1/+1 when all of them are 0 or 1, as Keras):
 * max(1 - t·p, 0) averaged over the last axis, then reduced over samples. Its gradient is -t where
 * the margin is violated (t·p < 1) and 0 elsewhere. `classWeights` [w₋, w₊] weigh the two classes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hinge } from '@strata/losses';
 *
 * // max(1 − 0.3, 0) = 0.7 and max(1 − (−1)(−2), 0) = 0, averaged
 * hinge()(tf.tensor2d([[1, -1]]), tf.tensor2d([[0.3, -2]])); // => 0.35
 * ```
 */
export function hinge<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('hinge', options, ['reduction']);
  return elementwiseLoss(
    'hinge',
    {
      value: (t, p) => tf.relu(tf.sub(1, tf.mul(t, p))),
      grad: (t, p, g) => {
        const active = tf.mul(tf.cast(tf.less(tf.mul(t, p), 1), 'float32'), g);
        return [tf.mul(tf.neg(p), active), tf.mul(tf.neg(t), active)];
      },
    },
    reduction,
    classWeights,
    { targets: hingeTargets, classValue: hingeClass },
  ) as LossFor<R>;
}
