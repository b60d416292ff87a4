import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Mean average precision@k: per query, AP@k = Σ over relevant items ranked in the top k of the
 * precision at their position, divided by min(relevant items, k) (the `apk` of Hamner's ml_metrics,
 * common in recommendation; torchmetrics divides by the relevant items retrieved instead, which is
 * the same when k covers the list), averaged over queries. `update(state, relevance, scores)` takes
 * `[Q, N]` relevance (any value > 0 is relevant) and `[Q, N]` scores. Ties in scores go to the
 * earlier item. k defaults to the whole list (plain MAP). A query with no relevant item scores 0 (or
 * is left out with `noRelevant: 'exclude'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAveragePrecisionAtK } from '@strata/metrics';
 *
 * const map = meanAveragePrecisionAtK();
 * const relevance = tf.tensor2d([[0, 1, 0, 1], [1, 0, 0, 0]]);
 * const scores = tf.tensor2d([[0.9, 0.8, 0.7, 0.6], [0.1, 0.4, 0.3, 0.2]]);
 * const state = map.update(map.init(), relevance, scores);
 * // Query 1: relevant at 2 and 4, AP = (1/2 + 2/4) / 2; query 2: relevant at 4, AP = 1/4.
 * map.compute(state); // => 0.375
 * ```
 */
export function meanAveragePrecisionAtK(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'meanAveragePrecisionAtK',
    options,
    (k) => (k === undefined ? 'map' : `mapAt${k}`),
    ({ scores, relevant, k }) => {
      const rank = ranks(scores);
      // Relevant items ranked at or above each item: Σ_j rel_j [rank_j ≤ rank_i].
      const atOrAbove = tf.lessEqual(tf.expandDims(rank, 1), tf.expandDims(rank, 2)); // [Q, i, j]
      const relevantAbove = tf.sum(tf.mul(tf.cast(atOrAbove, 'float32'), tf.expandDims(relevant, 1)), 2);
      const precision = tf.div(relevantAbove, tf.add(rank, 1));
      const counted = tf.mul(relevant, tf.cast(tf.less(rank, k), 'float32'));
      return tf.divNoNan(tf.sum(tf.mul(precision, counted), 1), tf.minimum(tf.sum(relevant, 1), k));
    },
  );
}

/**
 * `meanAveragePrecisionAtK` over whole `[Q, N]` relevance and scores at once (its functional twin);
 * the inputs stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAveragePrecisionAtKOf } from '@strata/metrics';
 *
 * // Scores rank the items 2, 0, 1; relevant items lie 1st and 3rd: (1/1 + 2/3) / 2.
 * meanAveragePrecisionAtKOf(tf.tensor2d([[0, 1, 1]]), tf.tensor2d([[0.5, 0.1, 0.9]])); // => 0.8333
 * ```
 */
export function meanAveragePrecisionAtKOf(
  relevance: tf.Tensor,
  scores: tf.Tensor,
  options: RankingOptions = {},
): number {
  return oneShot(meanAveragePrecisionAtK(options), relevance, scores);
}
