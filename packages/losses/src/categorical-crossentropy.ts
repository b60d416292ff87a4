import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { crossentropyFromLogits, crossentropyFromProbabilities } from './internal/crossentropy-rows.js';
import { rowLoss } from './internal/row-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Categorical cross-entropy -Σ_c t_c · log p_c over the last axis for one-hot (or soft) targets, then
 * the reduction over samples. With `fromLogits: true` the log-probabilities come from a stable log
 * softmax and the gradient is written out (Σt · softmax - t); otherwise the predictions are probabilities,
 * renormalized to sum to 1 and clipped to [1e-7, 1 - 1e-7], as Keras. `labelSmoothing` s mixes targets
 * with the uniform distribution: t·(1 - s) + s / C. `classWeights` weigh each sample by Σ_c t_c·w_c
 * (its class's weight for one-hot targets); the loss takes an optional third argument `sampleWeight`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { categoricalCrossentropy } from '@strata/losses';
 *
 * const loss = categoricalCrossentropy({ fromLogits: true });
 * // log(1 + e^-1 + e^-2) = log(1.503214)
 * loss(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[2, 1, 0]])); // => 0.4076
 * ```
 */
export function categoricalCrossentropy<R extends Reduction = 'mean'>(
  options: {
    readonly fromLogits?: boolean;
    readonly labelSmoothing?: number;
    readonly reduction?: R;
  } & ClassWeightsOption = {},
): LossFor<R> {
  const fn = 'categoricalCrossentropy';
  const o = commonOptions(fn, options, ['fromLogits', 'labelSmoothing', 'reduction']);
  const s = o.labelSmoothing;
  return rowLoss(fn, o.fromLogits ? crossentropyFromLogits : crossentropyFromProbabilities, {
    reduction: o.reduction,
    classWeights: o.classWeights,
    reading: 'distribution',
    ...(s > 0
      ? {
          targets: (t: tf.Tensor) => ({
            t: tf.add(tf.mul(t, 1 - s), s / t.shape[t.rank - 1]!),
            slope: 1 - s,
          }),
        }
      : {}),
  }) as LossFor<R>;
}
