import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

/**
 * Log-cosh loss: log(cosh(e)) for e = yPred - yTrue, averaged over the last axis, then reduced over
 * samples. About e²/2 for small errors and |e| - log 2 for large ones, like Huber but smooth
 * everywhere. Computed as e + softplus(-2e) - log 2 (Keras's form), which never overflows; its
 * gradient is tanh(e).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { logCosh } from '@strata/losses';
 *
 * // log(cosh(1)) = log(1.543081)
 * logCosh()(tf.tensor1d([0]), tf.tensor1d([1])); // => 0.4338
 * ```
 */
export function logCosh<R extends Reduction = 'mean'>(
  options: { readonly reduction?: R } & ClassWeightsOption = {},
): LossFor<R> {
  const { reduction, classWeights } = commonOptions('logCosh', options, ['reduction']);
  return elementwiseLoss(
    'logCosh',
    {
      value: (t, p) => {
        const e = tf.sub(p, t);
        const z = tf.mul(e, -2);
        // softplus(z) = max(z, 0) + log(1 + e^-|z|), exact and finite for any z.
        const softplus = tf.add(tf.relu(z), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
        return tf.sub(tf.add(e, softplus), Math.LN2);
      },
      grad: (t, p, g) => {
        const dp = tf.mul(tf.tanh(tf.sub(p, t)), g);
        return [tf.neg(dp), dp];
      },
    },
    reduction,
    classWeights,
  ) as LossFor<R>;
}
