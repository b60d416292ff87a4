import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { hitsAtK, type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Recall@k for ranked lists: per query, the relevant items among the k best-scored divided by all
 * relevant items of the query (torchmetrics' `retrieval_recall`), averaged over queries.
 * `update(state, relevance, scores)` takes `[Q, N]` relevance (any value > 0 is relevant) and
 * `[Q, N]` scores. Ties in scores go to the earlier item. k defaults to the whole list. A query with no
 * relevant item scores 0 (or is left out with `noRelevant: 'exclude'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { recallAtK } from '@strata/metrics';
 *
 * const r2 = recallAtK({ k: 2 });
 * const relevance = tf.tensor2d([[0, 1, 0, 1], [1, 0, 0, 0]]);
 * const scores = tf.tensor2d([[0.9, 0.8, 0.7, 0.6], [0.1, 0.4, 0.3, 0.2]]);
 * const state = r2.update(r2.init(), relevance, scores);
 * // Query 1 finds 1 of its 2 relevant items in the top 2, query 2 finds 0 of 1.
 * r2.compute(state); // => 0.25
 * ```
 */
export function recallAtK(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'recallAtK',
    options,
    (k) => `recallAt${k ?? 'All'}`,
    ({ scores, relevant, k }) => tf.divNoNan(hitsAtK(ranks(scores), relevant, k), tf.sum(relevant, 1)),
  );
}

/**
 * `recallAtK` over whole `[Q, N]` relevance and scores at once (its functional twin); the inputs stay
 * the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { recallAtKOf } from '@strata/metrics';
 *
 * // Scores rank the items 2, 0, 1: the best one is one of the two relevant items.
 * recallAtKOf(tf.tensor2d([[1, 0, 1]]), tf.tensor2d([[0.5, 0.1, 0.9]]), { k: 1 }); // => 0.5
 * ```
 */
export function recallAtKOf(relevance: tf.Tensor, scores: tf.Tensor, options: RankingOptions = {}): number {
  return oneShot(recallAtK(options), relevance, scores);
}
