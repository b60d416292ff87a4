import { assertInteger, assertKnownKeys } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { classIndices } from './internal.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

export interface TopKAccuracyOptions {
  /** How many top-scoring classes count as a hit. Default 5. */
  readonly k?: number;
  /** The name logs use. Default `top${k}Accuracy`. */
  readonly name?: string;
}

/** Hits and samples seen, as int32 counts on the device. */
export type TopKAccuracyState = { readonly correct: tf.Tensor; readonly total: tf.Tensor };

/**
 * The fraction of samples whose true class is among the `k` highest scores. A sample is a hit when
 * fewer than `k` classes score strictly higher than its true class, which is TensorFlow's
 * `tf.math.in_top_k` rule (Keras's `sparse_top_k_categorical_accuracy`): classes tied with the true
 * one never push it out. Labels are class indices ([B]) or one-hot rows ([B, C]).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { topKAccuracy } from '@strata/metrics';
 *
 * const top2 = topKAccuracy({ k: 2 });
 * const scores = tf.tensor2d([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]);
 * const state = top2.update(top2.init(), tf.tensor1d([1, 0], 'int32'), scores);
 * // Class 1 is 2nd in row 0 (a hit); class 0 is 3rd in row 1 (a miss).
 * top2.compute(state); // => 0.5
 * ```
 */
export function topKAccuracy(options: TopKAccuracyOptions = {}): StreamingMetric<TopKAccuracyState, number> {
  assertKnownKeys(options, ['k', 'name'], 'topKAccuracy');
  const { k = 5 } = options;
  assertInteger(k, 'topKAccuracy({k})');
  const name = options.name ?? `top${k}Accuracy`;
  const label = `topKAccuracy(${name})`;
  return defineMetric<TopKAccuracyState, number>({
    name,
    higherIsBetter: true,
    reductions: { correct: 'sum', total: 'sum' },
    init: () => ({ correct: tf.scalar(0, 'int32'), total: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      const classes = yPred.shape[yPred.rank - 1]!;
      const labels = classIndices(yTrue, yPred, label);
      const scores = tf.cast(yPred, 'float32');
      const trueScore = tf.sum(
        tf.mul(scores, tf.cast(tf.oneHot(labels, classes, 1, 0, 'int32'), 'float32')),
        -1,
        true,
      );
      const higher = tf.sum(tf.cast(tf.greater(scores, trueScore), 'int32'), -1);
      const hits = tf.less(higher, k);
      return { correct: tf.sum(tf.cast(hits, 'int32')), total: tf.scalar(hits.size, 'int32') };
    },
    compute(state) {
      const { correct, total } = readState(state);
      return total[0]! > 0 ? correct[0]! / total[0]! : Number.NaN;
    },
  });
}
