import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { hitsAtK, type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Hit rate@k for ranked lists: the fraction of queries with at least one relevant item among the k
 * best-scored (torchmetrics' `retrieval_hit_rate`). `update(state, relevance, scores)` takes `[Q, N]`
 * relevance (any value > 0 is relevant) and `[Q, N]` scores. Ties in scores go to the earlier item. k
 * defaults to the whole list. A query with no relevant item scores 0 (or is left out with
 * `noRelevant: 'exclude'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hitRateAtK } from '@strata/metrics';
 *
 * const hits = hitRateAtK({ k: 2 });
 * const relevance = tf.tensor2d([[0, 1, 0, 1], [1, 0, 0, 0]]);
 * const scores = tf.tensor2d([[0.9, 0.8, 0.7, 0.6], [0.1, 0.4, 0.3, 0.2]]);
 * const state = hits.update(hits.init(), relevance, scores);
 * // Query 1 has a relevant item in its top 2; query 2's lies 4th.
 * hits.compute(state); // => 0.5
 * ```
 */
export function hitRateAtK(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'hitRateAtK',
    options,
    (k) => (k === undefined ? 'hitRate' : `hitRateAt${k}`),
    ({ scores, relevant, k }) => tf.cast(tf.greater(hitsAtK(ranks(scores), relevant, k), 0), 'float32'),
  );
}

/**
 * `hitRateAtK` over whole `[Q, N]` relevance and scores at once (its functional twin); the inputs
 * stay the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hitRateAtKOf } from '@strata/metrics';
 *
 * // The best-scored item (index 2) is relevant.
 * hitRateAtKOf(tf.tensor2d([[1, 0, 1]]), tf.tensor2d([[0.5, 0.1, 0.9]]), { k: 1 }); // => 1
 * ```
 */
export function hitRateAtKOf(relevance: tf.Tensor, scores: tf.Tensor, options: RankingOptions = {}): number {
  return oneShot(hitRateAtK(options), relevance, scores);
}
