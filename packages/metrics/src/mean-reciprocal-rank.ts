import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Mean reciprocal rank: per query, 1 / (1-based position of the first relevant item), averaged over
 * queries (torchmetrics' `retrieval_reciprocal_rank`). With `k`, a first relevant item below position
 * k scores 0 (MRR@k). `update(state, relevance, scores)` takes `[Q, N]` relevance (any value > 0 is
 * relevant) and `[Q, N]` scores. Ties in scores go to the earlier item. A query with no relevant item
 * scores 0 (or is left out with `noRelevant: 'exclude'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanReciprocalRank } from '@strata/metrics';
 *
 * const mrr = meanReciprocalRank();
 * const relevance = tf.tensor2d([[0, 1, 0, 1], [1, 0, 0, 0]]);
 * const scores = tf.tensor2d([[0.9, 0.8, 0.7, 0.6], [0.1, 0.4, 0.3, 0.2]]);
 * const state = mrr.update(mrr.init(), relevance, scores);
 * // The first relevant items lie 2nd and 4th: (1/2 + 1/4) / 2.
 * mrr.compute(state); // => 0.375
 * ```
 */
export function meanReciprocalRank(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'meanReciprocalRank',
    options,
    (k) => (k === undefined ? 'mrr' : `mrrAt${k}`),
    ({ scores, relevant, k }) => {
      const rank = ranks(scores);
      const reciprocal = tf.div(tf.mul(relevant, tf.cast(tf.less(rank, k), 'float32')), tf.add(rank, 1));
      return tf.max(reciprocal, 1);
    },
  );
}

/**
 * `meanReciprocalRank` over whole `[Q, N]` relevance and scores at once (its functional twin); the
 * inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanReciprocalRankOf } from '@strata/metrics';
 *
 * // Scores rank the items 2, 0, 1; the only relevant item (index 0) lies 2nd.
 * meanReciprocalRankOf(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[0.5, 0.1, 0.9]])); // => 0.5
 * ```
 */
export function meanReciprocalRankOf(
  relevance: tf.Tensor,
  scores: tf.Tensor,
  options: RankingOptions = {},
): number {
  return oneShot(meanReciprocalRank(options), relevance, scores);
}
