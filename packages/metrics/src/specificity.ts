import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState, ScoreOf } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineRatioMetric, type RatioMetricOptions } from './ratio-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of `specificity`: the task, the average and what a 0/0 becomes. */
export interface SpecificityOptions extends RatioMetricOptions {}

const SPEC = {
  what: 'specificity',
  why: 'no negative samples',
  ratio: ({ tn, fp }: { tn: number; fp: number }) => [tn, tn + fp] as const,
};

/**
 * Specificity (true-negative rate), `tn / (tn + fp)` per class, one class against the rest.
 * scikit-learn has no `specificity_score`; this is its `recall_score` of the negative class for binary
 * input, and the same one-vs-rest ratio averaged as `precision` averages otherwise ('micro' sums
 * tn and fp over classes). A class with no negative samples is 0/0 → `zeroDivision`.
 * `specificityOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { specificity, specificityOf } from '@strata/metrics';
 *
 * const yTrue = tf.tensor1d([0, 1, 0, 0, 1, 0]);
 * const yPred = tf.tensor1d([0, 1, 0, 0, 0, 1]);
 * // 3 of the 4 negatives are predicted negative.
 * const spec = specificity({ task: 'binary' });
 * spec.compute(spec.update(spec.init(), yTrue, yPred)); // => 0.75
 * // Per class, one against the rest: 3/4, 2/4, 3/4.
 * const multi = { task: 'multiclass', numClasses: 3, average: 'none' } as const;
 * specificityOf(tf.tensor1d([0, 1, 2, 0, 1, 2]), tf.tensor1d([0, 2, 1, 0, 0, 1]), multi); // => [0.75, 0.5, 0.75]
 * ```
 */
export function specificity<const O extends SpecificityOptions>(
  options: O,
): StreamingMetric<ClassCountsState, ScoreOf<O>> {
  return defineRatioMetric('specificity', SPEC, options) as StreamingMetric<ClassCountsState, ScoreOf<O>>;
}

/** `specificity`'s functional twin: the specificity of whole tensors at once. */
export function specificityOf<const O extends SpecificityOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): ScoreOf<O> {
  return oneShot(specificity(options), yTrue, yPred);
}
