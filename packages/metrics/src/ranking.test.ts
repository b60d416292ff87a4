import { ConfigError, createRng, randomInt, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { hitRateAtKOf } from './hit-rate-at-k.js';
import { meanAveragePrecisionAtKOf } from './mean-average-precision-at-k.js';
import { meanReciprocalRankOf } from './mean-reciprocal-rank.js';
import { ndcgAtK, ndcgAtKOf } from './ndcg-at-k.js';
import { precisionAtK, precisionAtKOf } from './precision-at-k.js';
import type { RankingOptions } from './ranking-internal.js';
import { recallAtKOf } from './recall-at-k.js';

type Of = (relevance: tf.Tensor, scores: tf.Tensor, options?: RankingOptions) => number;
const run = (f: Of, rel: number[][], scores: number[][], options: RankingOptions = {}) => {
  const [r, s] = [tf.tensor2d(rel), tf.tensor2d(scores)];
  try {
    return f(r, s, options);
  } finally {
    tf.dispose([r, s]);
  }
};

describe("ndcgAtK: scikit-learn's documented ndcg_score examples", () => {
  const rel = [[10, 0, 0, 1, 5]];
  it('0.6957, 0.4937, 0.3520 at k = 4, and 1 for the ideal order at k = 4', () => {
    expect(run(ndcgAtKOf, rel, [[0.1, 0.2, 0.3, 4, 70]])).toBeCloseTo(0.695694, 5);
    expect(run(ndcgAtKOf, rel, [[0.05, 1.1, 1, 0.5, 0]])).toBeCloseTo(0.49368, 5);
    expect(run(ndcgAtKOf, rel, [[0.05, 1.1, 1, 0.5, 0]], { k: 4 })).toBeCloseTo(0.352024, 5);
    expect(run(ndcgAtKOf, rel, rel, { k: 4 })).toBeCloseTo(1, 6);
  });
  it('ties are averaged: a top-1 tie of relevance 10 and 5 scores 7.5 / 10', () => {
    expect(run(ndcgAtKOf, rel, [[1, 0, 0, 0, 1]], { k: 1 })).toBeCloseTo(0.75, 6);
  });
  it('linear gain and log2 discount, by hand', () => {
    // Order: item 1 (rel 3), item 0 (rel 1), item 2 (rel 2). DCG = 3 + 1/log2(3) + 2/2;
    // ideal = 3 + 2/log2(3) + 1/2.
    const dcg = 3 + 1 / Math.log2(3) + 1;
    const ideal = 3 + 2 / Math.log2(3) + 0.5;
    expect(run(ndcgAtKOf, [[1, 3, 2]], [[0.5, 0.9, 0.1]])).toBeCloseTo(dcg / ideal, 6);
  });
});

describe('hand-computed lists', () => {
  // Query 1 ranks items 0, 1, 2, 3 and items 1 and 3 are relevant; query 2 ranks 1, 2, 3, 0 and
  // only item 0 is relevant (it lies 4th).
  const rel = [
    [0, 1, 0, 1],
    [1, 0, 0, 0],
  ];
  const scores = [
    [0.9, 0.8, 0.7, 0.6],
    [0.1, 0.4, 0.3, 0.2],
  ];
  it('precision@k divides by k, also past the end of the list', () => {
    expect(run(precisionAtKOf, rel, scores, { k: 1 })).toBeCloseTo(0, 6);
    expect(run(precisionAtKOf, rel, scores, { k: 2 })).toBeCloseTo((1 / 2 + 0) / 2, 6);
    expect(run(precisionAtKOf, rel, scores, { k: 4 })).toBeCloseTo((2 / 4 + 1 / 4) / 2, 6);
    expect(run(precisionAtKOf, rel, scores, { k: 8 })).toBeCloseTo((2 / 8 + 1 / 8) / 2, 6);
  });
  it('recall@k', () => {
    expect(run(recallAtKOf, rel, scores, { k: 2 })).toBeCloseTo((1 / 2 + 0) / 2, 6);
    expect(run(recallAtKOf, rel, scores, { k: 3 })).toBeCloseTo((1 / 2 + 0) / 2, 6);
    expect(run(recallAtKOf, rel, scores)).toBeCloseTo(1, 6);
  });
  it('hit rate@k', () => {
    expect(run(hitRateAtKOf, rel, scores, { k: 1 })).toBe(0);
    expect(run(hitRateAtKOf, rel, scores, { k: 2 })).toBeCloseTo(0.5, 6);
    expect(run(hitRateAtKOf, rel, scores, { k: 4 })).toBe(1);
  });
  it('MRR, and MRR@k dropping first hits below k', () => {
    expect(run(meanReciprocalRankOf, rel, scores)).toBeCloseTo((1 / 2 + 1 / 4) / 2, 6);
    expect(run(meanReciprocalRankOf, rel, scores, { k: 3 })).toBeCloseTo(1 / 4, 6);
  });
  it('MAP@k divides by min(relevant, k)', () => {
    expect(run(meanAveragePrecisionAtKOf, rel, scores)).toBeCloseTo(((1 / 2 + 2 / 4) / 2 + 1 / 4) / 2, 6);
    expect(run(meanAveragePrecisionAtKOf, rel, scores, { k: 2 })).toBeCloseTo((1 / 2 / 2 + 0) / 2, 6);
    expect(run(meanAveragePrecisionAtKOf, rel, scores, { k: 1 })).toBe(0);
  });
  it('graded relevance counts as relevant when > 0 (binary metrics)', () => {
    expect(run(precisionAtKOf, [[0, 3, 0.5]], [[0.1, 0.9, 0.5]], { k: 2 })).toBeCloseTo(1, 6);
  });
  it('ties go to the earlier item', () => {
    // All scores equal: the order is 0, 1, 2.
    expect(run(meanReciprocalRankOf, [[0, 0, 1]], [[1, 1, 1]])).toBeCloseTo(1 / 3, 6);
    expect(run(precisionAtKOf, [[1, 0, 0]], [[1, 1, 1]], { k: 1 })).toBe(1);
  });
});

describe('queries with no relevant item', () => {
  const rel = [
    [0, 1, 0],
    [0, 0, 0],
  ];
  const scores = [
    [0.3, 0.2, 0.1],
    [0.3, 0.2, 0.1],
  ];
  const fns: [string, Of, number][] = [
    // [name, metric, its value on the first query at k = 2]
    ['precisionAtK', precisionAtKOf, 1 / 2],
    ['recallAtK', recallAtKOf, 1],
    ['hitRateAtK', hitRateAtKOf, 1],
    ['meanReciprocalRank', meanReciprocalRankOf, 1 / 2],
    ['meanAveragePrecisionAtK', meanAveragePrecisionAtKOf, 1 / 2],
    ['ndcgAtK', ndcgAtKOf, 1 / Math.log2(3)],
  ];
  it.each(fns)('%s scores them 0 by default and can leave them out', (_, f, first) => {
    expect(run(f, rel, scores, { k: 2 })).toBeCloseTo(first / 2, 6);
    expect(run(f, rel, scores, { k: 2, noRelevant: 'exclude' })).toBeCloseTo(first, 6);
    expect(run(f, [[0, 0]], [[1, 2]], { noRelevant: 'exclude' })).toBeNaN();
  });
});

// An independent plain-JS model: sort each list (stable, by descending score) and apply the textbook
// definitions; NDCG's tie rule as the mean DCG over every order of the tied items.
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
function reference(rel: number[], scores: number[], k: number) {
  const order = rel.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const bin = order.map((i): number => (rel[i]! > 0 ? 1 : 0));
  const total = bin.reduce((s, x) => s + x, 0);
  const top = bin.slice(0, k);
  const hits = top.reduce((s, x) => s + x, 0);
  const first = bin.indexOf(1);
  let ap = 0;
  let seen = 0;
  top.forEach((x, p) => {
    if (x) {
      seen += 1;
      ap += seen / (p + 1);
    }
  });
  const dcgOf = (items: number[]) => items.slice(0, k).reduce((s, i, p) => s + rel[i]! / Math.log2(p + 2), 0);
  // Every way of ordering the tie groups, in descending score order.
  const groups = [...new Set(scores)]
    .sort((a, b) => b - a)
    .map((v) => rel.map((_, i) => i).filter((i) => scores[i] === v));
  let orders: number[][] = [[]];
  for (const g of groups) orders = orders.flatMap((o) => permutations(g).map((p) => [...o, ...p]));
  const dcg = orders.reduce((s, o) => s + dcgOf(o), 0) / orders.length;
  const ideal = dcgOf(rel.map((_, i) => i).sort((a, b) => rel[b]! - rel[a]!));
  return {
    precision: hits / k,
    recall: total ? hits / total : 0,
    hit: hits > 0 ? 1 : 0,
    mrr: first >= 0 && first < k ? 1 / (first + 1) : 0,
    map: total ? ap / Math.min(total, k) : 0,
    ndcg: ideal > 0 ? dcg / ideal : 0,
  };
}

describe('against a plain-JS reference on random lists with ties and sparse relevance', () => {
  const rng = createRng(11);
  const [q, n] = [24, 7];
  // Scores from 4 values, so ties are common; graded relevance 0-3, mostly 0 (imbalanced).
  const scores = Array.from({ length: q }, () => Array.from({ length: n }, () => randomInt(rng, 4)));
  const rel = Array.from({ length: q }, () =>
    Array.from({ length: n }, () => (randomInt(rng, 10) < 7 ? 0 : 1 + randomInt(rng, 3))),
  );
  const cases: [keyof ReturnType<typeof reference>, Of][] = [
    ['precision', precisionAtKOf],
    ['recall', recallAtKOf],
    ['hit', hitRateAtKOf],
    ['mrr', meanReciprocalRankOf],
    ['map', meanAveragePrecisionAtKOf],
    ['ndcg', ndcgAtKOf],
  ];
  it.each(cases)('%s at k = 1, 3, 7', (key, f) => {
    for (const k of [1, 3, 7]) {
      const expected = rel.reduce((s, r, i) => s + reference(r, scores[i]!, k)[key], 0) / q;
      expect(run(f, rel, scores, { k })).toBeCloseTo(expected, 5);
    }
  });
});

describe('labelled errors', () => {
  it('shapes and options', () => {
    expect(() => run(precisionAtKOf, [[1, 0]], [[1, 0, 0]])).toThrow(ShapeError);
    const [a, b] = [tf.tensor1d([1, 0]), tf.tensor1d([0.2, 0.1])];
    expect(() => ndcgAtKOf(a, b)).toThrow(/ndcgAtK\(ndcg\): relevance of shape \[2\]/);
    tf.dispose([a, b]);
    expect(() => precisionAtK({ k: 0 })).toThrow(ConfigError);
    expect(() => ndcgAtK({ noRelevant: 'skip' as 'zero' })).toThrow(ConfigError);
    expect(() => ndcgAtK({ top: 3 } as RankingOptions)).toThrow(ConfigError);
  });
});
