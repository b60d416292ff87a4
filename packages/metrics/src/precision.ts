import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState, ScoreOf } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineRatioMetric, type RatioMetricOptions } from './ratio-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of `precision`: the task, the average and what a 0/0 becomes. */
export interface PrecisionOptions extends RatioMetricOptions {}

const SPEC = {
  what: 'precision',
  why: 'no predicted samples',
  ratio: ({ tp, fp }: { tp: number; fp: number }) => [tp, tp + fp] as const,
};

/**
 * Precision, `tp / (tp + fp)`, as scikit-learn's `precision_score`: binary (the positive class, scores
 * `> threshold`), multiclass (argmax or predicted indices; `average` 'macro', 'micro', 'weighted' or
 * 'none' for one value per class) or multilabel. The state is the confusion matrix (int32, `sum`).
 *
 * Degenerate input, as scikit-learn: a class never predicted has precision 0/0, which becomes
 * `zeroDivision` (default 0) and calls `onIllDefined` with the reason. A single-label macro average
 * runs over the classes present in the labels or predictions (scikit-learn's default `labels`); a
 * class in neither is left out. Deviation: no 'samples' average for multilabel.
 * `precisionOf(yTrue, yPred, options)` is the functional twin over whole tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { precision, precisionOf } from '@strata/metrics';
 *
 * // scikit-learn's precision_score example.
 * const yTrue = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
 * const yPred = tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');
 * const macro = precision({ task: 'multiclass', numClasses: 3 });
 * const state = macro.update(macro.init(), yTrue, yPred);
 * macro.compute(state); // => 0.2222
 * precisionOf(yTrue, yPred, { task: 'multiclass', numClasses: 3, average: 'micro' }); // => 0.3333
 * precisionOf(yTrue, yPred, { task: 'multiclass', numClasses: 3, average: 'none' }); // => [0.6667, 0, 0]
 * // Binary: scores above 0.5 are positive; 2 of the 3 positives are right.
 * precisionOf(tf.tensor1d([1, 0, 1, 1]), tf.tensor1d([0.9, 0.6, 0.7, 0.2]), { task: 'binary' }); // => 0.6667
 * ```
 */
export function precision<const O extends PrecisionOptions>(
  options: O,
): StreamingMetric<ClassCountsState, ScoreOf<O>> {
  return defineRatioMetric('precision', SPEC, options) as StreamingMetric<ClassCountsState, ScoreOf<O>>;
}

/** `precision`'s functional twin: the precision of whole tensors at once. */
export function precisionOf<const O extends PrecisionOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): ScoreOf<O> {
  return oneShot(precision(options), yTrue, yPred);
}
