import type * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import {
  type MomentsState,
  type Multioutput,
  type MultioutputResult,
  multioutputOptions,
  oneMinusRatio,
  reduceOutputs,
  targetResidualMoments,
} from './regression-internal.js';
import type { StreamingMetric } from './types.js';

export interface ExplainedVarianceOptions<M extends Multioutput = 'uniformAverage'> {
  /** 'uniformAverage' (default): the mean over outputs; 'rawValues': one score per output. */
  readonly multioutput?: M;
  /** The name logs use. Default 'explainedVariance'. */
  readonly name?: string;
}

/**
 * The explained variance per output, `1 − Var(y − ŷ) / Var(y)`, as scikit-learn's
 * `explained_variance_score` (multioutput 'uniform_average' → 'uniformAverage', 'raw_values' →
 * 'rawValues'). Unlike R² it ignores a constant bias in the predictions. Degenerate input, as
 * scikit-learn with `force_finite=True`: residuals of zero variance give 1; constant targets with
 * varying residuals give 0. With nothing seen the result is NaN.
 *
 * Streams and merges like `r2Score` (per-output shifted sums per batch in a `cat` state, combined in
 * float64 with Chan et al.'s pairwise merge).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { explainedVariance } from '@strata/metrics';
 *
 * // scikit-learn's documented example: 1 − 1.25 / 29.1875.
 * const ev = explainedVariance();
 * const state = ev.update(ev.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * ev.compute(state); // => 0.9572
 * ```
 */
export function explainedVariance<M extends Multioutput = 'uniformAverage'>(
  options: ExplainedVarianceOptions<M> = {},
): StreamingMetric<MomentsState, MultioutputResult<M>> {
  const { multioutput, name, label } = multioutputOptions(options, 'explainedVariance', 'explainedVariance');
  return targetResidualMoments(name, label, true, (d, y, residual) => {
    const scores = Array.from({ length: d }, (_, j) =>
      y.n === 0 ? Number.NaN : oneMinusRatio(residual.m2[j]!, y.m2[j]!),
    );
    return reduceOutputs(scores, multioutput);
  }) as StreamingMetric<MomentsState, MultioutputResult<M>>;
}

/**
 * `explainedVariance` over whole tensors at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { explainedVarianceOf } from '@strata/metrics';
 *
 * // scikit-learn's two-output example.
 * const yTrue = tf.tensor2d([[0.5, 1], [-1, 1], [7, -6]]);
 * const yPred = tf.tensor2d([[0, 2], [-1, 2], [8, -5]]);
 * explainedVarianceOf(yTrue, yPred); // => 0.9839
 * // A constant bias explains nothing away: a perfect score.
 * explainedVarianceOf(tf.tensor1d([1, 2, 3]), tf.tensor1d([2, 3, 4])); // => 1
 * ```
 */
export function explainedVarianceOf<M extends Multioutput = 'uniformAverage'>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: ExplainedVarianceOptions<M> = {},
): MultioutputResult<M> {
  return oneShot(explainedVariance(options), yTrue, yPred);
}
