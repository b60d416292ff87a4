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

export interface R2ScoreOptions<M extends Multioutput = 'uniformAverage'> {
  /** 'uniformAverage' (default): the mean of the outputs' R²; 'rawValues': one R² per output. */
  readonly multioutput?: M;
  /** The name logs use. Default 'r2Score'. */
  readonly name?: string;
}

/**
 * The coefficient of determination per output, `1 − Σ(y − ŷ)² / Σ(y − ȳ)²`, as scikit-learn's
 * `r2_score` (multioutput 'uniform_average' → 'uniformAverage', 'raw_values' → 'rawValues';
 * 'variance_weighted' is not offered). Degenerate input, as scikit-learn with `force_finite=True`:
 * constant targets give 1 for perfect predictions and 0 otherwise; fewer than two samples give NaN.
 *
 * Streaming: each batch adds a segment of per-output shifted sums (its first row as the shift) to a
 * `cat` state (2 + 7·D numbers a batch), and `compute` combines the segments in float64 with Chan et
 * al.'s pairwise merge of means and M2, so a long stream of targets with a large mean keeps its
 * variance instead of losing it to float32 cancellation in Σy² − (Σy)²/n.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { r2Score } from '@strata/metrics';
 *
 * // scikit-learn's documented example: 1 − 1.5 / 29.1875.
 * const r2 = r2Score();
 * const state = r2.update(r2.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * r2.compute(state); // => 0.9486
 * ```
 */
export function r2Score<M extends Multioutput = 'uniformAverage'>(
  options: R2ScoreOptions<M> = {},
): StreamingMetric<MomentsState, MultioutputResult<M>> {
  const { multioutput, name, label } = multioutputOptions(options, 'r2Score', 'r2Score');
  return targetResidualMoments(name, label, true, (d, y, _residual, sse) => {
    const scores = Array.from({ length: d }, (_, j) =>
      y.n < 2 ? Number.NaN : oneMinusRatio(sse[j]!, y.m2[j]!),
    );
    return reduceOutputs(scores, multioutput);
  }) as StreamingMetric<MomentsState, MultioutputResult<M>>;
}

/**
 * `r2Score` over whole tensors at once (its functional twin); the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { r2ScoreOf } from '@strata/metrics';
 *
 * const yTrue = tf.tensor2d([[0.5, 1], [-1, 1], [7, -6]]);
 * const yPred = tf.tensor2d([[0, 2], [-1, 2], [8, -5]]);
 * r2ScoreOf(yTrue, yPred, { multioutput: 'rawValues' }); // => [0.9654, 0.9082]
 * r2ScoreOf(yTrue, yPred); // => 0.9368
 * // Constant targets: 1 for a perfect prediction, else 0 (scikit-learn's force_finite).
 * r2ScoreOf(tf.tensor1d([-2, -2, -2]), tf.tensor1d([-2, -2, -2])); // => 1
 * r2ScoreOf(tf.tensor1d([-2, -2, -2]), tf.tensor1d([-2, -2, -1])); // => 0
 * ```
 */
export function r2ScoreOf<M extends Multioutput = 'uniformAverage'>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: R2ScoreOptions<M> = {},
): MultioutputResult<M> {
  return oneShot(r2Score(options), yTrue, yPred);
}
