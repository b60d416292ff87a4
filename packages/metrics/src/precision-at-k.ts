import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { hitsAtK, type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Precision@k for ranked lists: per query, the relevant items among the k best-scored divided by k
 * (torchmetrics' `retrieval_precision`; a list shorter than k still divides by k), averaged over
 * queries. `update(state, relevance, scores)` takes `[Q, N]` relevance (any value > 0 is relevant)
 * and `[Q, N]` scores, one row per query. Ties in scores go to the earlier item. k defaults to the
 * whole list. A query with no relevant item scores 0 (or is left out with `noRelevant: 'exclude'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { precisionAtK } from '@strata/metrics';
 *
 * const p2 = precisionAtK({ k: 2 });
 * const relevance = tf.tensor2d([[0, 1, 0, 1], [1, 0, 0, 0]]);
 * const scores = tf.tensor2d([[0.9, 0.8, 0.7, 0.6], [0.1, 0.4, 0.3, 0.2]]);
 * const state = p2.update(p2.init(), relevance, scores);
 * // Query 1's top 2 hold one relevant item, query 2's none: (1/2 + 0/2) / 2.
 * p2.compute(state); // => 0.25
 * ```
 */
export function precisionAtK(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'precisionAtK',
    options,
    (k) => `precisionAt${k ?? 'All'}`,
    ({ scores, relevant, k }) => tf.div(hitsAtK(ranks(scores), relevant, k), k),
  );
}

/**
 * `precisionAtK` over whole `[Q, N]` relevance and scores at once (its functional twin); the inputs
 * stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { precisionAtKOf } from '@strata/metrics';
 *
 * // Scores rank the items 2, 0, 1: the top 2 hold one of the two relevant items.
 * precisionAtKOf(tf.tensor2d([[0, 1, 1]]), tf.tensor2d([[0.5, 0.1, 0.9]]), { k: 2 }); // => 0.5
 * ```
 */
export function precisionAtKOf(
  relevance: tf.Tensor,
  scores: tf.Tensor,
  options: RankingOptions = {},
): number {
  return oneShot(precisionAtK(options), relevance, scores);
}
