import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState, ScoreOf } from './class-counts.js';
import { fBetaSpec } from './f-beta.js';
import { oneShot } from './one-shot.js';
import { defineRatioMetric, type RatioMetricOptions } from './ratio-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of `f1`: the task, the average and what a 0/0 becomes. */
export interface F1Options extends RatioMetricOptions {}

/**
 * The F1 score, the harmonic mean of precision and recall: `fBeta` with β = 1, as scikit-learn's
 * `f1_score` (0/0 only for a class with no true and no predicted samples). `f1Of` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { f1, f1Of } from '@strata/metrics';
 *
 * // scikit-learn's f1_score example.
 * const yTrue = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
 * const yPred = tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');
 * const macro = f1({ task: 'multiclass', numClasses: 3 });
 * macro.compute(macro.update(macro.init(), yTrue, yPred)); // => 0.2667
 * f1Of(yTrue, yPred, { task: 'multiclass', numClasses: 3, average: 'micro' }); // => 0.3333
 * f1Of(yTrue, yPred, { task: 'multiclass', numClasses: 3, average: 'none' }); // => [0.8, 0, 0]
 * ```
 */
export function f1<const O extends F1Options>(options: O): StreamingMetric<ClassCountsState, ScoreOf<O>> {
  return defineRatioMetric('f1', fBetaSpec(1), options) as StreamingMetric<ClassCountsState, ScoreOf<O>>;
}

/** `f1`'s functional twin: the F1 score of whole tensors at once. */
export function f1Of<const O extends F1Options>(yTrue: tf.Tensor, yPred: tf.Tensor, options: O): ScoreOf<O> {
  return oneShot(f1(options), yTrue, yPred);
}
