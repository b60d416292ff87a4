import { assertNumber } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Huber loss (Huber 1964): with e = yPred - yTrue, ½e² where |e| ≤ delta and delta·(|e| - ½delta)
 * beyond, averaged over the last axis, then reduced over samples. Quadratic near 0, linear in the tails,
 * so outliers pull less than with MSE. `delta` defaults to 1, as Keras.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { huber } from '@strata/losses';
 *
 * const loss = huber({ delta: 1 });
 * // (0.5 · 0.5² + (3 − 0.5 · 1)) / 2 = (0.125 + 2.5) / 2
 * loss(tf.tensor2d([[0, 0]]), tf.tensor2d([[0.5, 3]])); // => 1.3125
 * ```
 */
export function huber<R extends Reduction = 'mean'>(
  options: { readonly delta?: number; readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('huber', options, ['delta', 'reduction']);
  const delta = options.delta ?? 1;
  assertNumber(delta, 'huber({delta})', { min: 0, exclusiveMin: true });
  return elementwiseLoss(
    'huber',
    {
      value: (t, p) => {
        const e = tf.sub(p, t);
        const a = tf.abs(e);
        return tf.where(
          tf.lessEqual(a, delta),
          tf.mul(tf.square(e), 0.5),
          tf.mul(tf.sub(a, delta / 2), delta),
        );
      },
      grad: (t, p, g) => {
        const dp = tf.mul(tf.clipByValue(tf.sub(p, t), -delta, delta), g);
        return [tf.neg(dp), dp];
      },
    },
    reduction,
    classWeights,
  ) as LossFor<R>;
}
