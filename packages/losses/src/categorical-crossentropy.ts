import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkFloat, checkSameShape, commonOptions } from './internal/checks.js';
import { logSoftmax, reduceSamples } from './internal/log-softmax.js';
import type { LossFor, Reduction } from './reduction.js';

const EPSILON = 1e-7;

/**
 * Categorical cross-entropy -Σ_c t_c · log p_c over the last axis for one-hot (or soft) targets, then
 * the reduction over samples. With `fromLogits: true` the log-probabilities come from a stable log
 * softmax and the gradient is written out (Σt · softmax - t); otherwise the predictions are probabilities,
 * renormalized to sum to 1 and clipped to [1e-7, 1 - 1e-7], as Keras. `labelSmoothing` s mixes targets
 * with the uniform distribution: t·(1 - s) + s / C.
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
  options: { readonly fromLogits?: boolean; readonly labelSmoothing?: number; readonly reduction?: R } = {},
): LossFor<R> {
  const fn = 'categoricalCrossentropy';
  const {
    fromLogits,
    labelSmoothing: s,
    reduction,
  } = commonOptions(fn, options, ['fromLogits', 'labelSmoothing', 'reduction']);
  return ((yTrue: tf.Tensor, yPred: tf.Tensor) => {
    checkSameShape(fn, yTrue, yPred);
    checkFloat(fn, yPred);
    return tf.tidy(() => {
      const classes = yPred.shape[yPred.rank - 1] ?? 1;
      const sampleShape = yPred.shape.slice(0, -1);
      let t = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');
      if (s > 0) t = tf.add(tf.mul(t, 1 - s), s / classes);
      if (!fromLogits) {
        const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
        const perSample = tf.neg(tf.sum(tf.mul(t, tf.log(p)), -1));
        return reduceSamples(perSample, reduction, sampleShape).value;
      }
      const op = customOp(([tIn, xIn], save) => {
        const t2 = tf.reshape(tIn!, [-1, classes]);
        const logp = logSoftmax(tf.reshape(xIn!, [-1, classes]));
        const { value, weights } = reduceSamples(
          tf.neg(tf.sum(tf.mul(t2, logp), -1)),
          reduction,
          sampleShape,
        );
        save([t2, logp]);
        const gradFunc = (dy: tf.Tensor, [ts, lp]: tf.Tensor[]) => {
          const g = weights(dy);
          const dx = tf.mul(tf.sub(tf.mul(tf.exp(lp!), tf.sum(ts!, -1, true)), ts!), g);
          const dt = tf.mul(tf.neg(lp!), g);
          return [tf.reshape(dt, yTrue.shape), tf.reshape(dx, yPred.shape)];
        };
        return { value, gradFunc };
      });
      return op(t, yPred);
    });
  }) as LossFor<R>;
}
