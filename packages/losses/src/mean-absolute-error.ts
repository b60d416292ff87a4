import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Mean absolute error: mean over the last axis of |yPred - yTrue|, then the reduction over samples.
 * Its gradient at equality is 0 (the sign's subgradient, as TensorFlow).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsoluteError } from '@strata/losses';
 *
 * const loss = meanAbsoluteError();
 * loss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 4]])); // => 1.5
 * ```
 */
export function meanAbsoluteError<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('meanAbsoluteError', options, ['reduction']);
  return elementwiseLoss(
    'meanAbsoluteError',
    {
      value: (t, p) => tf.abs(tf.sub(p, t)),
      grad: (t, p, g) => {
        const dp = tf.mul(tf.sign(tf.sub(p, t)), g);
        return [tf.neg(dp), dp];
      },
    },
    reduction,
    classWeights,
  ) as LossFor<R>;
}
