import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  ConfigError,
  formatShape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { binaryScores } from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { classIndices } from './internal.js';
import { oneShot } from './one-shot.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/** Options of `logLoss`. */
export interface LogLossOptions {
  /** 'binary': labels 0/1 and the probability of class 1 `[N]`; 'multiclass': probabilities `[N, K]`. */
  readonly task: 'binary' | 'multiclass';
  /** Multiclass: K, ≥ 2. */
  readonly numClasses?: number;
  /** The name logs use. Default 'logLoss'. */
  readonly name?: string;
}

/** The summed negative log-likelihood and the samples seen, float32 on the device (`sum`). */
export type LogLossState = { readonly total: tf.Tensor; readonly count: tf.Tensor };

/** float32's machine epsilon: scikit-learn clips at `np.finfo(y_pred.dtype).eps`, and scores are float32. */
const EPS = 2 ** -23;

/**
 * The log loss (cross-entropy) of predicted probabilities, as scikit-learn's `log_loss`: the mean of
 * `−log p(true class)`, with probabilities clipped to [ε, 1 − ε], ε = 2⁻²³ (float32's epsilon, as
 * scikit-learn's `eps='auto'` for float32 input). Binary takes the probability of class 1.
 * Deviations: rows are not renormalised to sum to 1 (pass probabilities, e.g. after softmax), and
 * there are no sample weights. With no samples the result is NaN. `logLossOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { logLoss, logLossOf } from '@strata/metrics';
 *
 * // scikit-learn's log_loss example (ham 0, spam 1).
 * const yTrue = tf.tensor1d([1, 0, 0, 1], 'int32');
 * const probs = tf.tensor2d([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]);
 * const loss = logLoss({ task: 'multiclass', numClasses: 2 });
 * loss.compute(loss.update(loss.init(), yTrue, probs)); // => 0.21616
 * // The same as binary, with the probability of class 1.
 * logLossOf(yTrue, tf.tensor1d([0.9, 0.1, 0.2, 0.65]), { task: 'binary' }); // => 0.21616
 * ```
 */
export function logLoss(options: LogLossOptions): StreamingMetric<LogLossState, number> {
  assertKnownKeys(options, ['task', 'numClasses', 'name'], 'logLoss');
  const { task, name = 'logLoss' } = options;
  assertOneOf(task, ['binary', 'multiclass'], 'logLoss({task})');
  const label = `logLoss(${name})`;
  if (task === 'multiclass') {
    if (options.numClasses === undefined)
      throw new ConfigError('logLoss({numClasses})', "task 'multiclass' needs numClasses");
    assertInteger(options.numClasses, 'logLoss({numClasses})', 2);
  }
  return defineMetric<LogLossState, number>({
    name,
    higherIsBetter: false,
    reductions: { total: 'sum', count: 'sum' },
    init: () => ({ total: tf.scalar(0), count: tf.scalar(0) }),
    batch(yTrue, yPred) {
      let pTrue: tf.Tensor;
      if (task === 'binary') {
        const p = tf.clipByValue(binaryScores(yTrue, yPred, label), EPS, 1 - EPS);
        const t = tf.reshape(tf.cast(yTrue, 'float32'), [-1]);
        pTrue = tf.add(tf.mul(t, p), tf.mul(tf.sub(1, t), tf.sub(1, p)));
      } else {
        if (yPred.rank !== 2 || yPred.shape[1] !== options.numClasses) {
          throw new ShapeError(
            label,
            `probabilities of shape ${formatShape(yPred.shape)} must be [N, ${options.numClasses}]`,
          );
        }
        const k = options.numClasses!;
        const p = tf.clipByValue(tf.cast(yPred, 'float32'), EPS, 1 - EPS);
        const hot = tf.cast(tf.oneHot(classIndices(yTrue, yPred, label), k, 1, 0, 'int32'), 'float32');
        pTrue = tf.sum(tf.mul(p, hot), -1);
      }
      return { total: tf.neg(tf.sum(tf.log(pTrue))), count: tf.scalar(pTrue.size) };
    },
    compute(state) {
      const { total, count } = readState(state);
      return count[0]! > 0 ? total[0]! / count[0]! : Number.NaN;
    },
  });
}

/** `logLoss`'s functional twin: the log loss of whole tensors at once. */
export function logLossOf(yTrue: tf.Tensor, yPred: tf.Tensor, options: LogLossOptions): number {
  return oneShot(logLoss(options), yTrue, yPred);
}
