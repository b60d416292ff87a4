import { assertKnownKeys, assertNumber, assertOneOf } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { assertBinaryShapes, classIndices } from './internal.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

export interface AccuracyOptions {
  /**
   * 'categorical': the predicted class is the argmax of the last axis; labels are class indices or
   * one-hot rows. 'binary': a prediction counts as 1 when > `threshold`, and labels are 0/1.
   * 'auto' (default): categorical when predictions have a last axis longer than 1, else binary.
   * Multi-label outputs ([B, C] of independent sigmoids) need 'binary' explicitly.
   */
  readonly mode?: 'auto' | 'categorical' | 'binary';
  /** The binary decision threshold on predictions. Default 0.5 (probabilities); use 0 for logits. */
  readonly threshold?: number;
  /** The name logs use. Default 'accuracy'. */
  readonly name?: string;
}

/** Hits and samples seen, as int32 counts on the device. */
export type AccuracyState = { readonly correct: tf.Tensor; readonly total: tf.Tensor };

/**
 * The fraction of predictions that are right, accumulated on the device as int32 counts (exact up to
 * 2³¹ samples). Categorical accuracy takes the argmax of the scores (logits or probabilities alike;
 * ties go to the lowest index), as Keras's `sparse_categorical_accuracy` / `categorical_accuracy` do;
 * binary accuracy compares `yPred > threshold` with 0/1 labels, as Keras's `binary_accuracy`. With no
 * samples seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { accuracy } from '@strata/metrics';
 *
 * const acc = accuracy();
 * const logits = tf.tensor2d([[2, 1, 0], [0, 3, 1], [1, 0, 4]]);
 * const labels = tf.tensor1d([0, 2, 2], 'int32');
 * const state = acc.update(acc.init(), labels, logits);
 * // The argmaxes are 0, 1, 2: rows 0 and 2 are right.
 * acc.compute(state); // => 0.6667
 * ```
 */
export function accuracy(options: AccuracyOptions = {}): StreamingMetric<AccuracyState, number> {
  assertKnownKeys(options, ['mode', 'threshold', 'name'], 'accuracy');
  const { mode = 'auto', threshold = 0.5, name = 'accuracy' } = options;
  assertOneOf(mode, ['auto', 'categorical', 'binary'], 'accuracy({mode})');
  assertNumber(threshold, 'accuracy({threshold})');
  const label = `accuracy(${name})`;
  return defineMetric<AccuracyState, number>({
    name,
    higherIsBetter: true,
    reductions: { correct: 'sum', total: 'sum' },
    init: () => ({ correct: tf.scalar(0, 'int32'), total: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      const classes = yPred.shape[yPred.rank - 1] ?? 1;
      const categorical = mode === 'categorical' || (mode === 'auto' && yPred.rank >= 2 && classes > 1);
      let hits: tf.Tensor;
      if (categorical) {
        hits = tf.equal(tf.argMax(yPred, -1), classIndices(yTrue, yPred, label));
      } else {
        assertBinaryShapes(yTrue, yPred, label);
        const predicted = tf.cast(tf.greater(yPred, threshold), 'float32');
        hits = tf.equal(tf.reshape(tf.cast(yTrue, 'float32'), predicted.shape), predicted);
      }
      return { correct: tf.sum(tf.cast(hits, 'int32')), total: tf.scalar(hits.size, 'int32') };
    },
    compute(state) {
      const { correct, total } = readState(state);
      return total[0]! > 0 ? correct[0]! / total[0]! : Number.NaN;
    },
  });
}
