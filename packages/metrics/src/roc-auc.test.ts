import { createRng, DataError, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { averagePrecisionOf } from './average-precision.js';
import { averagePrecisionBinned } from './average-precision-binned.js';
import { computeOnce } from './compute-once.test-util.js';
import { rocAucOf } from './roc-auc.js';
import { rocAucBinned } from './roc-auc-binned.js';

// Exact ROC-AUC and average precision (collected scores) and their binned streaming variants,
// against scikit-learn's documented examples, hand computations, and independent O(n²) references:
// AUC as the Mann–Whitney pair count (a tie counts ½), AP as Σ (Rₙ − Rₙ₋₁)·Pₙ over each distinct
// threshold by filtering, as scikit-learn's average_precision_score defines it.

function pairAuc(scores: number[], targets: number[]): number {
  let sum = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (targets[i] !== 1) return;
    scores.forEach((z, j) => {
      if (targets[j] !== 0) return;
      pairs++;
      sum += s > z ? 1 : s === z ? 0.5 : 0;
    });
  });
  return sum / pairs;
}

function stepAp(scores: number[], targets: number[]): number {
  const positives = targets.filter((t) => t === 1).length;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let ap = 0;
  let previousRecall = 0;
  for (const th of thresholds) {
    const above = scores.map((s, i) => [s, targets[i]!] as const).filter(([s]) => s >= th);
    const tp = above.filter(([, t]) => t === 1).length;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / above.length);
    previousRecall = recall;
  }
  return ap;
}

function on<R>(targets: number[], scores: number[], f: (t: tf.Tensor, p: tf.Tensor) => R): R {
  const t = tf.tensor1d(targets);
  const p = tf.tensor1d(scores);
  try {
    return f(t, p);
  } finally {
    tf.dispose([t, p]);
  }
}

const binary = { task: 'binary' } as const;

describe('rocAuc and averagePrecision (binary)', () => {
  it("scikit-learn's roc_curve / average_precision_score example: 0.75 and 0.83…", () => {
    on([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], (t, p) => {
      expect(rocAucOf(t, p, binary)).toBe(0.75);
      expect(averagePrecisionOf(t, p, binary)).toBeCloseTo(0.5 + 0.5 * (2 / 3), 6);
    });
  });

  it('tied scores are one threshold: a tied pair counts ½, AP takes the precision at the end of the tie', () => {
    // Pairs: 0.9 beats both negatives; the 0.5 positive ties both: (2 + 1) / 4.
    // AP: ½·1 at 0.9, then ½·(2/4) at 0.5 — not the ½·(2/3) an order inside the tie could give.
    on([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.9], (t, p) => {
      expect(rocAucOf(t, p, binary)).toBe(0.75);
      expect(averagePrecisionOf(t, p, binary)).toBe(0.75);
    });
  });

  it('match the pair count and the step-wise sum on random imbalanced data with ties', () => {
    const rng = createRng(11);
    const targets = Array.from({ length: 300 }, () => (randomInt(rng, 10) === 0 ? 1 : 0));
    // Rounded to 2 decimals so that many scores tie; positives score a little higher on average.
    const scores = targets.map((t) => Math.round((randomInt(rng, 80) / 100 + 0.2 * t) * 100) / 100);
    const f32 = Array.from(new Float32Array(scores));
    on(targets, scores, (t, p) => {
      expect(rocAucOf(t, p, binary)).toBeCloseTo(pairAuc(f32, targets), 10);
      expect(averagePrecisionOf(t, p, binary)).toBeCloseTo(stepAp(f32, targets), 10);
    });
  });

  it('one class present: ROC-AUC throws a labelled DataError; AP is 0 with a reason (scikit-learn ≥ 1.3)', () => {
    on([1, 1, 1], [0.2, 0.5, 0.9], (t, p) => {
      expect(() => rocAucOf(t, p, binary)).toThrow(DataError);
      expect(() => rocAucOf(t, p, binary)).toThrow('rocAuc(rocAuc): only one class present in the labels');
      expect(averagePrecisionOf(t, p, binary)).toBe(1);
    });
    on([0, 0, 0], [0.2, 0.5, 0.9], (t, p) => {
      const reasons: string[] = [];
      expect(averagePrecisionOf(t, p, { task: 'binary', onIllDefined: (r) => reasons.push(r) })).toBe(0);
      expect(reasons).toEqual([
        'averagePrecision(averagePrecision): no positives in the labels; recall is 1 at every threshold and AP 0',
      ]);
    });
  });
});

describe('one-vs-rest and multilabel', () => {
  // Class 0: the positive scores 0.6, highest → 1. Class 2: positive 0.5, highest → 1.
  // Class 1: positives 0.5 and 0.2 against 0.3 and 0.2: (1 + 1 + 0 + ½) / 4 = 0.625.
  const probs = [
    [0.6, 0.3, 0.1],
    [0.2, 0.5, 0.3],
    [0.3, 0.2, 0.5],
    [0.5, 0.2, 0.3],
  ];
  const labels = [0, 1, 2, 1];
  const multi = { task: 'multiclass', numClasses: 3 } as const;

  it('macro 0.875, weighted by prevalence 0.8125, per class [1, 0.625, 1] (hand computation)', () => {
    const t = tf.tensor1d(labels, 'int32');
    const p = tf.tensor2d(probs);
    expect(rocAucOf(t, p, multi)).toBeCloseTo(0.875, 6);
    expect(rocAucOf(t, p, { ...multi, average: 'weighted' })).toBeCloseTo((1 + 2 * 0.625 + 1) / 4, 6);
    expect(rocAucOf(t, p, { ...multi, average: 'none' })).toEqual([1, 0.625, 1]);
    // AP class 1: 0.5 (pos), 0.3 (neg), 0.2 tie of 1 pos + 1 neg: ½·1 + ½·(2/4).
    expect(averagePrecisionOf(t, p, { ...multi, average: 'none' })).toEqual([1, 0.75, 1]);
    tf.dispose([t, p]);
  });

  it('needs probabilities and every class present, as scikit-learn', () => {
    const t = tf.tensor1d([0, 1, 1], 'int32');
    const notProbs = tf.tensor2d([
      [2, 1, 0],
      [0, 3, 1],
      [0, 1, 1],
    ]);
    expect(() => rocAucOf(t, notProbs, multi)).toThrow(/row 0 of the scores sums to 3, not 1/);
    const p = tf.tensor2d([
      [0.5, 0.3, 0.2],
      [0.2, 0.5, 0.3],
      [0.1, 0.6, 0.3],
    ]);
    expect(() => rocAucOf(t, p, multi)).toThrow(/only one class present in class 2/);
    tf.dispose([t, notProbs, p]);
  });

  it('multilabel: per label and micro (pooled) against the pair count', () => {
    const rng = createRng(4);
    const scores = randomUniform(rng, [40, 3]);
    const targets = tf.tensor2d(
      Array.from({ length: 40 }, () => [randomInt(rng, 2), randomInt(rng, 2), randomInt(rng, 2)]),
    );
    const s = scores.arraySync() as number[][];
    const y = targets.arraySync() as number[][];
    const col = (m: number[][], c: number) => m.map((r) => r[c]!);
    const ml = { task: 'multilabel', numClasses: 3 } as const;
    const per = rocAucOf(targets, scores, { ...ml, average: 'none' });
    for (const c of [0, 1, 2]) expect(per[c]).toBeCloseTo(pairAuc(col(s, c), col(y, c)), 10);
    expect(rocAucOf(targets, scores, { ...ml, average: 'micro' })).toBeCloseTo(
      pairAuc(s.flat(), y.flat()),
      10,
    );
    expect(averagePrecisionOf(targets, scores, { ...ml, average: 'micro' })).toBeCloseTo(
      stepAp(s.flat(), y.flat()),
      10,
    );
    tf.dispose([scores, targets]);
  });
});

describe('binned variants', () => {
  const rng = createRng(21);
  const targets = Array.from({ length: 500 }, () => (randomInt(rng, 4) === 0 ? 1 : 0));
  const scores = targets.map((t) => Math.min(1, (randomInt(rng, 1000) / 1000) * 0.8 + 0.2 * t));
  const f32 = Array.from(new Float32Array(scores));

  it.each([10, 100, 1000])(
    'with %i bins: exactly the exact metric of the scores floored to their bin, within the bound',
    (numBins) => {
      const floored = f32.map((s) => Math.min(Math.floor(Math.fround(s * numBins)), numBins - 1));
      const auc = on(targets, scores, (t, p) => computeOnce(rocAucBinned({ numBins }), t.clone(), p.clone()));
      const ap = on(targets, scores, (t, p) =>
        computeOnce(averagePrecisionBinned({ numBins }), t.clone(), p.clone()),
      );
      expect(auc.value).toBeCloseTo(pairAuc(floored, targets), 10);
      expect(ap.value).toBeCloseTo(stepAp(floored, targets), 10);
      expect(Math.abs(auc.value - pairAuc(f32, targets))).toBeLessThanOrEqual(auc.errorBound + 1e-12);
      expect(Math.abs(ap.value - stepAp(f32, targets))).toBeLessThanOrEqual(ap.errorBound + 1e-12);
    },
  );

  it('the bounds shrink with finer bins', () => {
    const bound = (numBins: number) =>
      on(targets, scores, (t, p) => computeOnce(rocAucBinned({ numBins }), t.clone(), p.clone()).errorBound);
    expect(bound(1000)).toBeLessThan(bound(100));
    expect(bound(100)).toBeLessThan(bound(10));
  });

  it('one class present throws, as the exact AUC', () => {
    on([0, 0], [0.1, 0.9], (t, p) => {
      expect(() => computeOnce(rocAucBinned(), t.clone(), p.clone())).toThrow(DataError);
    });
  });
});
