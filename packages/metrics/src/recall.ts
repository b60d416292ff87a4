import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState, ScoreOf } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineRatioMetric, type RatioMetricOptions } from './ratio-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of `recall`: the task, the average and what a 0/0 becomes. */
export interface RecallOptions extends RatioMetricOptions {}

const SPEC = {
  what: 'recall',
  why: 'no true samples',
  ratio: ({ tp, fn }: { tp: number; fn: number }) => [tp, tp + fn] as const,
};

/**
 * Recall (sensitivity, true-positive rate), `tp / (tp + fn)`, as scikit-learn's `recall_score`, over
 * the same inputs, averages and confusion-matrix state as `precision`. A class with no true samples
 * has recall 0/0, which becomes `zeroDivision` (default 0) and calls `onIllDefined` with the reason.
 * `recallOf(yTrue, yPred, options)` is the functional twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { recall, recallOf } from '@strata/metrics';
 *
 * // scikit-learn's recall_score example.
 * const yTrue = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
 * const yPred = tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');
 * const macro = recall({ task: 'multiclass', numClasses: 3 });
 * macro.compute(macro.update(macro.init(), yTrue, yPred)); // => 0.3333
 * recallOf(yTrue, yPred, { task: 'multiclass', numClasses: 3, average: 'none' }); // => [1, 0, 0]
 * // 0/0: no true samples of class 1 in a binary task.
 * const reasons: string[] = [];
 * const onIllDefined = (reason: string) => reasons.push(reason);
 * recallOf(tf.tensor1d([0, 0]), tf.tensor1d([0.9, 0.1]), { task: 'binary', onIllDefined }); // => 0
 * reasons.length; // => 1
 * ```
 */
export function recall<const O extends RecallOptions>(
  options: O,
): StreamingMetric<ClassCountsState, ScoreOf<O>> {
  return defineRatioMetric('recall', SPEC, options) as StreamingMetric<ClassCountsState, ScoreOf<O>>;
}

/** `recall`'s functional twin: the recall of whole tensors at once. */
export function recallOf<const O extends RecallOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): ScoreOf<O> {
  return oneShot(recall(options), yTrue, yPred);
}
