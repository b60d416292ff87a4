import { assertInteger, assertKnownKeys, assertOneOf, formatShape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { binaryScores } from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { classIndices } from './internal.js';
import { oneShot } from './one-shot.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/** Options of `expectedCalibrationError`. */
export interface ExpectedCalibrationErrorOptions {
  /**
   * 'binary': the probability of class 1 against 0/1 labels (the reliability of that probability).
   * 'multiclass': probabilities `[N, K]`; the confidence is the top probability, right when its class is.
   */
  readonly task: 'binary' | 'multiclass';
  /** Equal-width confidence bins over [0, 1]. Default 15 (Guo et al. 2017). */
  readonly numBins?: number;
  /** The name logs use. Default 'expectedCalibrationError'. */
  readonly name?: string;
}

/** Per bin: samples, summed confidence, summed correctness; float32 on the device (`sum`). */
export type ExpectedCalibrationErrorState = {
  readonly count: tf.Tensor;
  readonly confidence: tf.Tensor;
  readonly correct: tf.Tensor;
};

/**
 * The expected calibration error (Guo et al. 2017, "On Calibration of Modern Neural Networks"):
 * `Σ_b (n_b / N)·|acc_b − conf_b|` over `numBins` equal-width bins (default 15) of the confidence, bin
 * b holding ((b − 1)/B, b/B] (a confidence of 0 joins the first). Multiclass: the confidence is the
 * largest probability and a sample is right when that class is the label (ties: the lowest index).
 * Binary: the probability of class 1 against the 0/1 label (as torchmetrics' binary calibration
 * error). scikit-learn has no ECE. With no samples the result is NaN.
 * `expectedCalibrationErrorOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { expectedCalibrationError, expectedCalibrationErrorOf } from '@strata/metrics';
 *
 * const probs = tf.tensor2d([[0.9, 0.1], [0.65, 0.35], [0.15, 0.85], [0.3, 0.7]]);
 * const labels = tf.tensor1d([0, 1, 1, 0], 'int32');
 * const ece = expectedCalibrationError({ task: 'multiclass' });
 * // Four bins of one: (|1 − 0.9| + |0 − 0.65| + |1 − 0.85| + |0 − 0.7|) / 4.
 * ece.compute(ece.update(ece.init(), labels, probs)); // => 0.4
 * // Two bins: (0.5, 1] holds all four, mean confidence 0.775 and accuracy 0.5.
 * expectedCalibrationErrorOf(labels, probs, { task: 'multiclass', numBins: 2 }); // => 0.275
 * ```
 */
export function expectedCalibrationError(
  options: ExpectedCalibrationErrorOptions,
): StreamingMetric<ExpectedCalibrationErrorState, number> {
  assertKnownKeys(options, ['task', 'numBins', 'name'], 'expectedCalibrationError');
  const { task, numBins = 15, name = 'expectedCalibrationError' } = options;
  assertOneOf(task, ['binary', 'multiclass'], 'expectedCalibrationError({task})');
  assertInteger(numBins, 'expectedCalibrationError({numBins})', 1);
  const label = `expectedCalibrationError(${name})`;
  return defineMetric<ExpectedCalibrationErrorState, number>({
    name,
    higherIsBetter: false,
    reductions: { count: 'sum', confidence: 'sum', correct: 'sum' },
    init: () => ({
      count: tf.zeros([numBins]),
      confidence: tf.zeros([numBins]),
      correct: tf.zeros([numBins]),
    }),
    batch(yTrue, yPred) {
      let conf: tf.Tensor;
      let right: tf.Tensor;
      if (task === 'binary') {
        conf = binaryScores(yTrue, yPred, label);
        right = tf.reshape(tf.cast(yTrue, 'float32'), [-1]);
      } else {
        if (yPred.rank !== 2) {
          throw new ShapeError(label, `probabilities of shape ${formatShape(yPred.shape)} must be [N, K]`);
        }
        const p = tf.cast(yPred, 'float32');
        conf = tf.max(p, -1);
        right = tf.cast(tf.equal(tf.argMax(p, -1), classIndices(yTrue, yPred, label)), 'float32');
      }
      const bins = tf.cast(
        tf.clipByValue(tf.sub(tf.ceil(tf.mul(conf, numBins)), 1), 0, numBins - 1),
        'int32',
      ) as tf.Tensor1D;
      return {
        count: tf.unsortedSegmentSum(tf.onesLike(conf), bins, numBins),
        confidence: tf.unsortedSegmentSum(conf, bins, numBins),
        correct: tf.unsortedSegmentSum(right, bins, numBins),
      };
    },
    compute(state) {
      const { count, confidence, correct } = readState(state);
      const n = Array.from(count).reduce((s, v) => s + v, 0);
      if (n === 0) return Number.NaN;
      let ece = 0;
      count.forEach((c, b) => {
        if (c > 0) ece += Math.abs(correct[b]! - confidence[b]!) / n;
      });
      return ece;
    },
  });
}

/** `expectedCalibrationError`'s functional twin: the ECE of whole tensors at once. */
export function expectedCalibrationErrorOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: ExpectedCalibrationErrorOptions,
): number {
  return oneShot(expectedCalibrationError(options), yTrue, yPred);
}
