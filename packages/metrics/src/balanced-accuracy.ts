import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineSingleLabelMetric, type SingleLabelOptions } from './single-label.js';
import type { StreamingMetric } from './types.js';

/** Options of `balancedAccuracy`: binary or multiclass inputs. */
export interface BalancedAccuracyOptions extends SingleLabelOptions {}

/**
 * Balanced accuracy, the mean recall over classes, as scikit-learn's `balanced_accuracy_score`
 * (`adjusted=False`): classes with no true samples are left out of the mean, as scikit-learn does
 * (it warns "y_pred contains classes not in y_true"). With no samples the result is NaN. Binary
 * (scores `> threshold`) or multiclass inputs, the confusion matrix as state.
 * `balancedAccuracyOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { balancedAccuracy, balancedAccuracyOf } from '@strata/metrics';
 *
 * // scikit-learn's balanced_accuracy_score example: recalls 3/4 and 1/2.
 * const yTrue = tf.tensor1d([0, 1, 0, 0, 1, 0]);
 * const yPred = tf.tensor1d([0, 1, 0, 0, 0, 1]);
 * const bal = balancedAccuracy({ task: 'binary' });
 * bal.compute(bal.update(bal.init(), yTrue, yPred)); // => 0.625
 * balancedAccuracyOf(yTrue, yPred, { task: 'multiclass', numClasses: 2 }); // => 0.625
 * ```
 */
export function balancedAccuracy(
  options: BalancedAccuracyOptions,
): StreamingMetric<ClassCountsState, number> {
  return defineSingleLabelMetric('balancedAccuracy', options, [], ({ tp, fn }) => {
    const recalls = tp.flatMap((t, i) => (t + fn[i]! > 0 ? [t / (t + fn[i]!)] : []));
    return recalls.length > 0 ? recalls.reduce((s, r) => s + r, 0) / recalls.length : Number.NaN;
  });
}

/** `balancedAccuracy`'s functional twin: over whole tensors at once. */
export function balancedAccuracyOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: BalancedAccuracyOptions,
): number {
  return oneShot(balancedAccuracy(options), yTrue, yPred);
}
