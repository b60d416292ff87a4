import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  formatShape,
  ShapeError,
  sameShape,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/*
 * What the ranking metrics share (not exported from the package): per-query lists as [Q, N] score
 * and relevance matrices, the rank of every item, and the mean over queries.
 */

/** Options every ranking metric takes. */
export interface RankingOptions {
  /** Only the first `k` ranked items count. Default: the whole list (N). */
  readonly k?: number;
  /**
   * Queries with no relevant item: 'zero' (default) scores them 0 and counts them in the mean, as
   * scikit-learn's `ndcg_score` does; 'exclude' leaves them out of the mean (NaN if none is left).
   */
  readonly noRelevant?: 'zero' | 'exclude';
  /**
   * The name logs use. Default: the metric's short name with the cutoff, e.g. 'ndcgAt10', 'mrr',
   * 'precisionAt5' ('precisionAtAll' / 'recallAtAll' without k, apart from classification's 'precision').
   */
  readonly name?: string;
}

/** The sum of per-query scores (float32) and how many queries count (int32). */
export type RankingState = { readonly total: tf.Tensor; readonly count: tf.Tensor };

/** The inputs of a per-query score: float32 `[Q, N]` matrices and the cutoff. */
export interface RankingInputs {
  readonly scores: tf.Tensor2D;
  /** Graded relevance as given (float32). */
  readonly relevance: tf.Tensor2D;
  /** 1 where relevance > 0, else 0 (float32). */
  readonly relevant: tf.Tensor2D;
  readonly k: number;
}

/**
 * Each item's 0-based position when the list is sorted by descending score, ties going to the
 * earlier item (a stable sort): rank_i = #{j : s_j > s_i} + #{j < i : s_j = s_i}. Pairwise, so it
 * needs Q·N² booleans but is the same on every backend (no reliance on a top-k kernel's tie order).
 */
export function ranks(scores: tf.Tensor2D): tf.Tensor2D {
  const n = scores.shape[1];
  const si = tf.expandDims(scores, 2); // [Q, N (i), 1]
  const sj = tf.expandDims(scores, 1); // [Q, 1, N (j)]
  const idx = tf.range(0, n, 1, 'int32');
  const earlier = tf.expandDims(tf.less(tf.expandDims(idx, 0), tf.expandDims(idx, 1)), 0); // [1, i, j]: j < i
  const before = tf.logicalOr(tf.greater(sj, si), tf.logicalAnd(tf.equal(sj, si), earlier));
  return tf.sum(tf.cast(before, 'float32'), 2) as tf.Tensor2D;
}

/** Relevant items among the first k ranked, per query ([Q]). */
export function hitsAtK(rank: tf.Tensor2D, relevant: tf.Tensor2D, k: number): tf.Tensor1D {
  return tf.sum(tf.mul(relevant, tf.cast(tf.less(rank, k), 'float32')), 1) as tf.Tensor1D;
}

/**
 * A ranking metric: the mean over queries of `perQuery` (which must give 0 for a query with no
 * relevant item). `update(state, relevance, scores)` takes `[Q, N]` relevance (graded or 0/1) and
 * `[Q, N]` scores, one row per query.
 */
export function rankingMetric(
  fn: string,
  options: RankingOptions,
  defaultName: (k: number | undefined) => string,
  perQuery: (inputs: RankingInputs) => tf.Tensor,
): StreamingMetric<RankingState, number> {
  assertKnownKeys(options, ['k', 'noRelevant', 'name'], fn);
  const { k, noRelevant = 'zero' } = options;
  if (k !== undefined) assertInteger(k, `${fn}({k})`);
  assertOneOf(noRelevant, ['zero', 'exclude'], `${fn}({noRelevant})`);
  const name = options.name ?? defaultName(k);
  const label = `${fn}(${name})`;
  return defineMetric<RankingState, number>({
    name,
    higherIsBetter: true,
    reductions: { total: 'sum', count: 'sum' },
    init: () => ({ total: tf.scalar(0), count: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      if (yPred.rank !== 2 || !sameShape(yTrue.shape, yPred.shape)) {
        throw new ShapeError(
          label,
          `relevance of shape ${formatShape(yTrue.shape)} and scores of shape ${formatShape(yPred.shape)} must both be [queries, items]`,
        );
      }
      const relevance = tf.cast(yTrue, 'float32') as tf.Tensor2D;
      const relevant = tf.cast(tf.greater(relevance, 0), 'float32') as tf.Tensor2D;
      const scores = tf.cast(yPred, 'float32') as tf.Tensor2D;
      const values = perQuery({ scores, relevance, relevant, k: k ?? scores.shape[1] });
      if (noRelevant === 'zero') return { total: tf.sum(values), count: tf.scalar(values.size, 'int32') };
      const counted = tf.greater(tf.sum(relevant, 1), 0);
      return {
        total: tf.sum(tf.where(counted, values, tf.zerosLike(values))),
        count: tf.sum(tf.cast(counted, 'int32')),
      };
    },
    compute(state) {
      const { total, count } = readState(state);
      return count[0]! > 0 ? total[0]! / count[0]! : Number.NaN;
    },
  });
}
