import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  DataError,
  formatShape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

export interface ConfusionMatrixOptions {
  /** The number of classes, ≥ 2. */
  readonly numClasses: number;
  /** With 2 classes and one score per sample, the score above which the prediction is class 1. Default 0.5. */
  readonly threshold?: number;
  /** The name logs use. Default 'confusionMatrix'. */
  readonly name?: string;
}

/** Counts per (true, predicted) pair and the samples seen, int32 on the device. */
export type ConfusionMatrixState = { readonly matrix: tf.Tensor; readonly total: tf.Tensor };

/**
 * The confusion matrix: `result[i][j]` counts samples of true class i predicted as class j (rows are
 * truth, columns predictions, as in scikit-learn and `tf.math.confusion_matrix`). Each batch adds
 * `oneHot(true)ᵀ · oneHot(pred)` on the device. Predictions are scores `[B, C]` (argmax), class
 * indices `[B]`, or for 2 classes one score per sample (> `threshold` is class 1). Labels are indices
 * `[B]`/`[B, 1]` or one-hot `[B, C]`. A label or prediction outside [0, numClasses) cannot be placed:
 * `compute` then throws a DataError saying how many there were.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { confusionMatrix } from '@strata/metrics';
 *
 * const cm = confusionMatrix({ numClasses: 3 });
 * const labels = tf.tensor1d([0, 1, 2, 2], 'int32');
 * const predicted = tf.tensor1d([0, 2, 2, 1], 'int32');
 * const state = cm.update(cm.init(), labels, predicted);
 * // Row: the label; column: the prediction.
 * cm.compute(state); // => [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
 * ```
 */
export function confusionMatrix(
  options: ConfusionMatrixOptions,
): StreamingMetric<ConfusionMatrixState, number[][]> {
  assertKnownKeys(options, ['numClasses', 'threshold', 'name'], 'confusionMatrix');
  const { numClasses: n, threshold = 0.5, name = 'confusionMatrix' } = options;
  assertInteger(n, 'confusionMatrix({numClasses})', 2);
  assertNumber(threshold, 'confusionMatrix({threshold})');
  const label = `confusionMatrix(${name})`;

  const predictedIndices = (yPred: tf.Tensor): tf.Tensor => {
    const last = yPred.shape[yPred.rank - 1] ?? 1;
    if (yPred.rank >= 2 && last === n) return tf.reshape(tf.argMax(yPred, -1), [-1]);
    if (yPred.rank === 0 || (yPred.rank >= 2 && last !== 1)) {
      throw new ShapeError(
        label,
        `predictions of shape ${formatShape(yPred.shape)} fit neither scores [B, ${n}] nor class indices [B]`,
      );
    }
    const flat = tf.reshape(yPred, [-1]);
    return n === 2 ? tf.cast(tf.greater(flat, threshold), 'int32') : tf.cast(flat, 'int32');
  };

  const trueIndices = (yTrue: tf.Tensor, count: number): tf.Tensor => {
    if (yTrue.size === count) return tf.cast(tf.reshape(yTrue, [-1]), 'int32');
    if (yTrue.size === count * n && yTrue.shape[yTrue.rank - 1] === n) {
      return tf.reshape(tf.argMax(yTrue, -1), [-1]);
    }
    throw new ShapeError(
      label,
      `labels of shape ${formatShape(yTrue.shape)} do not fit ${count} predictions; pass ${count} class indices or one-hot rows of ${n}`,
    );
  };

  return defineMetric<ConfusionMatrixState, number[][]>({
    name,
    // A matrix is not a score; "higher is better" has no meaning for it.
    higherIsBetter: false,
    reductions: { matrix: 'sum', total: 'sum' },
    init: () => ({ matrix: tf.zeros([n, n], 'int32'), total: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      const predicted = predictedIndices(yPred);
      const truth = trueIndices(yTrue, predicted.size);
      // Out-of-range indices give all-zero one-hot rows, so they drop out here and show in `compute`.
      const counts = tf.matMul(
        // int32 then cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into float32 outputs.
        tf.cast(tf.oneHot(truth, n, 1, 0, 'int32'), 'float32'),
        tf.cast(tf.oneHot(predicted, n, 1, 0, 'int32'), 'float32'),
        true,
        false,
      );
      return { matrix: tf.cast(counts, 'int32'), total: tf.scalar(predicted.size, 'int32') };
    },
    compute(state) {
      const { matrix, total } = readState(state);
      let placed = 0;
      for (const v of matrix) placed += v;
      if (placed !== total[0]) {
        throw new DataError(
          label,
          `${total[0]! - placed} of ${total[0]} samples had a label or prediction outside [0, ${n}); check numClasses and the labels`,
        );
      }
      return Array.from({ length: n }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
    },
  });
}
