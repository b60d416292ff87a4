import { assertNumber } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState, RatioSpec, ScoreOf } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineRatioMetric, type RatioMetricOptions } from './ratio-metric.js';
import type { StreamingMetric } from './types.js';

/** Options of `fBeta`: β, the task, the average and what a 0/0 becomes. */
export interface FBetaOptions extends RatioMetricOptions {
  /** The weight of recall against precision, > 0 (β = 1 is F1). */
  readonly beta: number;
}

/** F-beta as a ratio of counts, for the metrics that share it. */
export function fBetaSpec(beta: number): RatioSpec {
  const b2 = beta * beta;
  return {
    what: `F${beta === 1 ? '1' : `-beta (β = ${beta})`}`,
    why: 'no true and no predicted samples',
    // scikit-learn ≥ 1.3's form: (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), 0/0 only when tp = fp = fn = 0.
    ratio: ({ tp, fp, fn }) => [(1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp],
  };
}

/**
 * The F-beta score, `(1 + β²)·P·R / (β²·P + R)`, as scikit-learn's `fbeta_score`: computed from counts
 * as `(1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp)`, so a class with precision 0/0 but some true samples
 * scores 0, and only a class with no true and no predicted samples is 0/0 (→ `zeroDivision`).
 * Inputs, averages and state as `precision`. `fBetaOf(yTrue, yPred, options)` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { fBeta, fBetaOf } from '@strata/metrics';
 *
 * // scikit-learn's fbeta_score example (β = 0.5).
 * const yTrue = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
 * const yPred = tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');
 * const f = fBeta({ task: 'multiclass', numClasses: 3, beta: 0.5 });
 * f.compute(f.update(f.init(), yTrue, yPred)); // => 0.2381
 * fBetaOf(yTrue, yPred, { task: 'multiclass', numClasses: 3, beta: 0.5, average: 'none' }); // => [0.7143, 0, 0]
 * ```
 */
export function fBeta<const O extends FBetaOptions>(
  options: O,
): StreamingMetric<ClassCountsState, ScoreOf<O>> {
  assertNumber(options.beta, 'fBeta({beta})', { min: 0, exclusiveMin: true });
  return defineRatioMetric('fBeta', fBetaSpec(options.beta), options, ['beta']) as StreamingMetric<
    ClassCountsState,
    ScoreOf<O>
  >;
}

/** `fBeta`'s functional twin: the F-beta score of whole tensors at once. */
export function fBetaOf<const O extends FBetaOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): ScoreOf<O> {
  return oneShot(fBeta(options), yTrue, yPred);
}
