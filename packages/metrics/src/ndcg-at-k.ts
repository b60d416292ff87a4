import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type RankingOptions, type RankingState, rankingMetric } from './ranking-internal.js';
import type { StreamingMetric } from './types.js';

/**
 * Normalized discounted cumulative gain@k, as scikit-learn's `ndcg_score` (default
 * `ignore_ties=False`): per query, DCG@k = Σ over the first k positions of relevance / log2(position + 1)
 * with LINEAR gain (the relevance itself, not 2^rel − 1), divided by the DCG@k of the ideal order;
 * averaged over queries. Tied scores share their positions: each item of a tie group gets the group's
 * mean relevance over the group's positions (McSherry & Najork 2008, as scikit-learn computes it), so
 * the result does not depend on the order of tied items. `update(state, relevance, scores)` takes `[Q, N]`
 * graded relevance (non-negative, not checked: `update` never reads the device) and `[Q, N]` scores.
 * k defaults to the whole list. A query whose relevance is all zero scores 0, as in scikit-learn (or is
 * left out with `noRelevant: 'exclude'`). Needs Q·N² booleans for the tie groups.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ndcgAtK } from '@strata/metrics';
 *
 * // scikit-learn's documented example.
 * const relevance = tf.tensor2d([[10, 0, 0, 1, 5]]);
 * const ndcg = ndcgAtK();
 * const state = ndcg.update(ndcg.init(), relevance, tf.tensor2d([[0.1, 0.2, 0.3, 4, 70]]));
 * ndcg.compute(state); // => 0.6957
 * ```
 */
export function ndcgAtK(options: RankingOptions = {}): StreamingMetric<RankingState, number> {
  return rankingMetric(
    'ndcgAtK',
    options,
    (k) => (k === undefined ? 'ndcg' : `ndcgAt${k}`),
    ({ scores, relevance, k }) => {
      const n = scores.shape[1];
      const positions = tf.range(0, n, 1, 'float32');
      // 1 / log2(p + 2) for 0-based positions p < k, 0 below the cutoff.
      const discount = tf.where(
        tf.less(positions, k),
        tf.div(Math.LN2, tf.log(tf.add(positions, 2))),
        tf.zeros([n]),
      );
      const cumulative = tf.concat([tf.zeros([1]), tf.cumsum(discount)]); // D(m) = Σ_{p<m} discount
      const si = tf.expandDims(scores, 2);
      const sj = tf.expandDims(scores, 1);
      const above = tf.sum(tf.cast(tf.greater(sj, si), 'int32'), 2); // the tie group's first position
      const tied = tf.sum(tf.cast(tf.equal(sj, si), 'int32'), 2); // the group's size
      const groupDiscount = tf.sub(tf.gather(cumulative, tf.add(above, tied)), tf.gather(cumulative, above));
      const dcg = tf.sum(tf.div(tf.mul(relevance, groupDiscount), tf.cast(tied, 'float32')), 1);
      const ideal = tf.sum(tf.mul(tf.topk(relevance, n).values, discount), 1);
      return tf.divNoNan(dcg, ideal);
    },
  );
}

/**
 * `ndcgAtK` over whole `[Q, N]` relevance and scores at once (its functional twin); the inputs stay
 * the caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ndcgAtKOf } from '@strata/metrics';
 *
 * // scikit-learn's documented examples, with ties in the second.
 * const relevance = tf.tensor2d([[10, 0, 0, 1, 5]]);
 * ndcgAtKOf(relevance, tf.tensor2d([[0.05, 1.1, 1, 0.5, 0]]), { k: 4 }); // => 0.3520
 * // Items 0 and 4 tie for first: the top-1 gain is their mean, (10 + 5) / 2, of an ideal 10.
 * ndcgAtKOf(relevance, tf.tensor2d([[1, 0, 0, 0, 1]]), { k: 1 }); // => 0.75
 * ```
 */
export function ndcgAtKOf(relevance: tf.Tensor, scores: tf.Tensor, options: RankingOptions = {}): number {
  return oneShot(ndcgAtK(options), relevance, scores);
}
