import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Mean squared error: mean over the last axis of (yPred - yTrue)², then the reduction over samples.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanSquaredError } from '@strata/losses';
 *
 * const loss = meanSquaredError();
 * loss(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 4]])); // => 2.0
 * ```
 */
export function meanSquaredError<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('meanSquaredError', options, ['reduction']);
  return elementwiseLoss(
    'meanSquaredError',
    {
      value: (t, p) => tf.squaredDifference(p, t),
      grad: (t, p, g) => {
        const dp = tf.mul(tf.mul(tf.sub(p, t), 2), g);
        return [tf.neg(dp), dp];
      },
    },
    reduction,
    classWeights,
  ) as LossFor<R>;
}
