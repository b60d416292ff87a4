import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionRecallCurve, precisionRecallCurveOf } from './precision-recall-curve.js';
import { rocCurve, rocCurveOf } from './roc-curve.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Counts at "score ≥ threshold", by brute force over the samples (scores as float32, as stored). */
function counts(labels: number[], scores: number[], threshold: number) {
  let tp = 0;
  let fp = 0;
  labels.forEach((y, i) => {
    if (Math.fround(scores[i]!) >= threshold) {
      if (y === 1) tp++;
      else fp++;
    }
  });
  return { tp, fp };
}

// An imbalanced set with ties: 3 positives, 7 negatives, scores on a coarse grid.
const labels = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
const scores = [0.9, 0.9, 0.7, 0.6, 0.6, 0.4, 0.3, 0.3, 0.2, 0.1];
const y = () => tf.tensor1d(labels);
const s = () => tf.tensor1d(scores);

describe('rocCurve', () => {
  it('has one point per distinct score, each the brute-force rates at "score ≥ threshold"', () => {
    const curve = rocCurveOf(y(), s(), { dropIntermediate: false });
    const distinct = [...new Set(scores)].sort((a, b) => b - a);
    expect(curve.thresholds).toEqual([Number.POSITIVE_INFINITY, ...distinct.map(Math.fround)]);
    distinct.forEach((th, i) => {
      const { tp, fp } = counts(labels, scores, Math.fround(th));
      expect(curve.tpr[i + 1]).toBeCloseTo(tp / 3, 12);
      expect(curve.fpr[i + 1]).toBeCloseTo(fp / 7, 12);
    });
    expect([curve.fpr[0], curve.tpr[0]]).toEqual([0, 0]);
  });

  it('drops only points on a straight line between their neighbours (scikit-learn default)', () => {
    // Negatives at 0.8, 0.7, 0.6 after a positive at 0.9: the points of 0.8 and 0.7 lie on the line
    // from 0.9's point to 0.6's (scikit-learn keeps where the second difference of fps or tps ≠ 0).
    const full = rocCurveOf(tf.tensor1d([1, 0, 0, 0, 1]), tf.tensor1d([0.9, 0.8, 0.7, 0.6, 0.5]), {
      dropIntermediate: false,
    });
    const kept = rocCurveOf(tf.tensor1d([1, 0, 0, 0, 1]), tf.tensor1d([0.9, 0.8, 0.7, 0.6, 0.5]));
    expect(full.fpr).toEqual([0, 0, 1 / 3, 2 / 3, 1, 1]);
    expect(kept.fpr).toEqual([0, 0, 1, 1]);
    expect(kept.tpr).toEqual([0, 0.5, 0.5, 1]);
    expect(kept.thresholds).toEqual([Infinity, 0.9, 0.6, 0.5].map(Math.fround));
  });

  it('streams over uneven batches to the curve of one pass, and refuses one class', () => {
    const m = rocCurve();
    let state = m.init();
    for (const [a, b] of [
      [0, 3],
      [3, 4],
      [4, 10],
    ] as const) {
      const next = m.update(state, tf.tensor1d(labels.slice(a, b)), tf.tensor1d(scores.slice(a, b)));
      m.dispose?.(state);
      state = next;
    }
    expect(m.compute(state)).toEqual(rocCurveOf(y(), s()));
    m.dispose?.(state);
    expect(() => rocCurveOf(tf.tensor1d([1, 1]), tf.tensor1d([0.2, 0.4]))).toThrow(/only one class present/);
  });
});

describe('precisionRecallCurve', () => {
  it('gives brute-force precision and recall at each threshold, increasing, closed by (1, 0)', () => {
    const curve = precisionRecallCurveOf(y(), s());
    const distinct = [...new Set(scores)].sort((a, b) => a - b).map(Math.fround);
    expect(curve.thresholds).toEqual(distinct);
    distinct.forEach((th, i) => {
      const { tp, fp } = counts(labels, scores, th);
      expect(curve.precision[i]).toBeCloseTo(tp / (tp + fp), 12);
      expect(curve.recall[i]).toBeCloseTo(tp / 3, 12);
    });
    expect(curve.precision.at(-1)).toBe(1);
    expect(curve.recall.at(-1)).toBe(0);
    expect(curve.precision).toHaveLength(distinct.length + 1);
  });

  it('merges two halves in either order to the one-pass curve, and refuses no positives', () => {
    const m = precisionRecallCurve();
    const half = (a: number, b: number) =>
      m.update(m.init(), tf.tensor1d(labels.slice(a, b)), tf.tensor1d(scores.slice(a, b)));
    const [first, second] = [half(0, 5), half(5, 10)];
    const ab = m.merge(first, second);
    const ba = m.merge(second, first);
    expect(m.compute(ab)).toEqual(precisionRecallCurveOf(y(), s()));
    expect(m.compute(ba)).toEqual(m.compute(ab));
    for (const st of [first, second, ab, ba]) m.dispose?.(st);
    expect(() => precisionRecallCurveOf(tf.tensor1d([0, 0]), tf.tensor1d([0.2, 0.4]))).toThrow(
      /no positive labels/,
    );
  });
});
