import * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { type RankingOptions, type RankingState, rankingMetric, ranks } from './ranking-internal.js';
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
      // 1 / log2(p + 2) at 0-based positions p < k, 0 below the cutoff.
      const discount = (position: tf.Tensor) =>
        tf.where(tf.less(position, k), tf.div(Math.LN2, tf.log(tf.add(position, 2))), tf.zerosLike(position));
      // A tie group fills the positions its members take in any order of the group (here the stable
      // one), so an item's share of the group's discount is the mean discount over those positions.
      const tied = tf.cast(tf.equal(tf.expandDims(scores, 1), tf.expandDims(scores, 2)), 'float32'); // [Q, i, j]
      const groupDiscount = tf.sum(tf.mul(tied, tf.expandDims(discount(ranks(scores)), 1)), 2);
      const dcg = tf.sum(tf.div(tf.mul(relevance, groupDiscount), tf.sum(tied, 2)), 1);
      // The ideal order sorts by relevance; ties there do not change the sum.
      const ideal = tf.sum(tf.mul(relevance, discount(ranks(relevance))), 1);
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
