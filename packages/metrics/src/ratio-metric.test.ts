import { ConfigError, DataError, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fBeta, fBetaOf } from './f-beta.js';
import { f1Of } from './f1.js';
import { type PrecisionOptions, precision, precisionOf } from './precision.js';
import { recallOf } from './recall.js';
import { specificityOf } from './specificity.js';

// Precision, recall, F-beta, F1 and specificity share one confusion-matrix state (ratio-metric.ts).
// References: the examples in scikit-learn's docs for precision_score, recall_score, f1_score and
// fbeta_score (1.5), and hand counts written next to each case.

const multi = { task: 'multiclass', numClasses: 3 } as const;
// scikit-learn's example: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1].
// Per class (tp, fp, fn): 0 → (2, 1, 0), 1 → (0, 2, 2), 2 → (0, 1, 2).
const skTrue = () => tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
const skPred = () => tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');

function withInputs<R>(yTrue: tf.Tensor, yPred: tf.Tensor, f: (t: tf.Tensor, p: tf.Tensor) => R): R {
  try {
    return f(yTrue, yPred);
  } finally {
    tf.dispose([yTrue, yPred]);
  }
}

describe("precision, recall, F-beta on scikit-learn's multiclass example", () => {
  it('precision: macro 0.22…, micro 0.33…, weighted 0.22…, per class [0.66…, 0, 0]', () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      expect(precisionOf(t, p, multi)).toBeCloseTo(2 / 9, 6);
      expect(precisionOf(t, p, { ...multi, average: 'micro' })).toBeCloseTo(1 / 3, 6);
      expect(precisionOf(t, p, { ...multi, average: 'weighted' })).toBeCloseTo(2 / 9, 6);
      const none = precisionOf(t, p, { ...multi, average: 'none' });
      expect(none[0]).toBeCloseTo(2 / 3, 6);
      expect(none.slice(1)).toEqual([0, 0]);
    });
  });

  it('precision with every prediction 0: [0.33…, 0, 0], and [0.33…, 1, 1] with zeroDivision 1', () => {
    withInputs(skTrue(), tf.zeros([6], 'int32'), (t, p) => {
      const reasons: string[] = [];
      const zero = precisionOf(t, p, { ...multi, average: 'none', onIllDefined: (r) => reasons.push(r) });
      expect(zero[0]).toBeCloseTo(1 / 3, 6);
      expect(zero.slice(1)).toEqual([0, 0]);
      expect(reasons).toEqual([
        'precision(precision): precision is ill-defined for class 1 (no predicted samples); 0 used',
        'precision(precision): precision is ill-defined for class 2 (no predicted samples); 0 used',
      ]);
      const one = precisionOf(t, p, { ...multi, average: 'none', zeroDivision: 1 });
      expect(one.slice(1)).toEqual([1, 1]);
      expect(precisionOf(t, p, { ...multi, average: 'none', zeroDivision: 'nan' })[1]).toBeNaN();
    });
  });

  it('recall: macro, micro and weighted 0.33…, per class [1, 0, 0]', () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      expect(recallOf(t, p, multi)).toBeCloseTo(1 / 3, 6);
      expect(recallOf(t, p, { ...multi, average: 'micro' })).toBeCloseTo(1 / 3, 6);
      expect(recallOf(t, p, { ...multi, average: 'weighted' })).toBeCloseTo(1 / 3, 6);
      expect(recallOf(t, p, { ...multi, average: 'none' })).toEqual([1, 0, 0]);
    });
  });

  it('F1: macro 0.26…, micro 0.33…, weighted 0.26…, per class [0.8, 0, 0]', () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      expect(f1Of(t, p, multi)).toBeCloseTo(0.8 / 3, 6);
      expect(f1Of(t, p, { ...multi, average: 'micro' })).toBeCloseTo(1 / 3, 6);
      expect(f1Of(t, p, { ...multi, average: 'weighted' })).toBeCloseTo(0.8 / 3, 6);
      const none = f1Of(t, p, { ...multi, average: 'none' });
      expect(none[0]).toBeCloseTo(0.8, 6);
      expect(none.slice(1)).toEqual([0, 0]);
    });
  });

  it('F-beta (β = 0.5): macro 0.23…, micro 0.33…, per class [0.71…, 0, 0]', () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      // Class 0: 1.25·2 / (1.25·2 + 0.25·0 + 1) = 2.5 / 3.5.
      expect(fBetaOf(t, p, { ...multi, beta: 0.5 })).toBeCloseTo(2.5 / 3.5 / 3, 6);
      expect(fBetaOf(t, p, { ...multi, beta: 0.5, average: 'micro' })).toBeCloseTo(1 / 3, 6);
      expect(fBetaOf(t, p, { ...multi, beta: 0.5, average: 'none' })[0]).toBeCloseTo(2.5 / 3.5, 6);
    });
  });

  it('takes scores [N, K] (argmax) and one-hot labels like indices', () => {
    const scores = tf.oneHot(skPred(), 3);
    const oneHot = tf.oneHot(skTrue(), 3);
    expect(precisionOf(oneHot, scores, multi)).toBeCloseTo(2 / 9, 6);
    tf.dispose([scores, oneHot]);
  });

  it("leaves a class absent from labels and predictions out of the macro average (scikit-learn's labels)", () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      const four = { task: 'multiclass', numClasses: 4 } as const;
      expect(precisionOf(t, p, four)).toBeCloseTo(2 / 9, 6);
      expect(recallOf(t, p, { ...four, average: 'none' })).toEqual([1, 0, 0, 0]);
    });
  });
});

describe('binary', () => {
  // threshold 0.5 → predictions [1, 1, 0, 1, 0, 1]: tp 2, fp 2, fn 1.
  const yTrue = () => tf.tensor1d([1, 0, 1, 1, 0, 0]);
  const scores = () => tf.tensor1d([0.9, 0.6, 0.4, 0.7, 0.2, 0.55]);

  it('counts the positive class at the threshold (hand counts)', () => {
    withInputs(yTrue(), scores(), (t, p) => {
      expect(precisionOf(t, p, { task: 'binary' })).toBe(0.5);
      expect(recallOf(t, p, { task: 'binary' })).toBeCloseTo(2 / 3, 6);
      expect(f1Of(t, p, { task: 'binary' })).toBeCloseTo(4 / 7, 6);
      // threshold 0.65 → [1, 0, 0, 1, 0, 0]: tp 2, fp 0, fn 1.
      expect(precisionOf(t, p, { task: 'binary', threshold: 0.65 })).toBe(1);
      // Specificity = tn / (tn + fp) = 1 / 3.
      expect(specificityOf(t, p, { task: 'binary' })).toBeCloseTo(1 / 3, 6);
    });
  });

  it('accepts [N, 1] scores and logits with threshold 0', () => {
    withInputs(tf.tensor2d([[1], [0], [1]]), tf.tensor2d([[2], [0.5], [-1]]), (t, p) => {
      // > 0: [1, 1, 0]: tp 1, fp 1.
      expect(precisionOf(t, p, { task: 'binary', threshold: 0 })).toBe(0.5);
    });
  });

  it('imbalanced, nothing predicted positive: precision 0/0 → 0 with a reason; F1 0 is well defined', () => {
    // Nine negatives and one positive, every score below the threshold.
    withInputs(tf.tensor1d([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), tf.fill([10], 0.1), (t, p) => {
      const reasons: string[] = [];
      const onIllDefined = (r: string) => reasons.push(r);
      expect(precisionOf(t, p, { task: 'binary', onIllDefined })).toBe(0);
      expect(reasons).toEqual([
        'precision(precision): precision is ill-defined for the positive class (no predicted samples); 0 used',
      ]);
      expect(precisionOf(t, p, { task: 'binary', zeroDivision: 'nan' })).toBeNaN();
      expect(recallOf(t, p, { task: 'binary' })).toBe(0);
      // F1 = 2·0 / (0 + 1 + 0): not 0/0 (scikit-learn ≥ 1.3), so no reason is given.
      reasons.length = 0;
      expect(f1Of(t, p, { task: 'binary', onIllDefined })).toBe(0);
      expect(reasons).toEqual([]);
      // Macro over both classes: class 0 has precision 9/10; weighted by support: 0.9·9/10.
      expect(precisionOf(t, p, { task: 'binary', average: 'macro' })).toBeCloseTo(0.45, 6);
      expect(precisionOf(t, p, { task: 'binary', average: 'weighted' })).toBeCloseTo(0.81, 6);
      expect(precisionOf(t, p, { task: 'binary', average: 'micro' })).toBeCloseTo(0.9, 6);
    });
  });

  it("all negative and all predicted negative: F1 is 0/0 → zeroDivision (scikit-learn's f1_score example)", () => {
    withInputs(tf.zeros([6]), tf.zeros([6]), (t, p) => {
      expect(f1Of(t, p, { task: 'binary' })).toBe(0);
      expect(f1Of(t, p, { task: 'binary', zeroDivision: 1 })).toBe(1);
    });
  });
});

describe("multilabel (scikit-learn's examples)", () => {
  // y_true = [[0, 0, 0], [1, 1, 1], [0, 1, 1]], y_pred = [[0, 0, 0], [1, 1, 1], [1, 1, 0]].
  const yTrue = () =>
    tf.tensor2d([
      [0, 0, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
  const yPred = () =>
    tf.tensor2d([
      [0, 0, 0],
      [1, 1, 1],
      [1, 1, 0],
    ]);
  const ml = { task: 'multilabel', numClasses: 3, average: 'none' } as const;

  it('precision [0.5, 1, 1], recall [1, 1, 0.5], F1 [0.67, 1, 0.67]', () => {
    withInputs(yTrue(), yPred(), (t, p) => {
      expect(precisionOf(t, p, ml)).toEqual([0.5, 1, 1]);
      expect(recallOf(t, p, ml)).toEqual([1, 1, 0.5]);
      const f = f1Of(t, p, ml);
      expect(f[0]).toBeCloseTo(2 / 3, 6);
      expect(f[1]).toBe(1);
      expect(f[2]).toBeCloseTo(2 / 3, 6);
      // Micro: tp 4, fp 1, fn 1 → 8 / 10.
      expect(f1Of(t, p, { ...ml, average: 'micro' })).toBeCloseTo(0.8, 6);
    });
  });
});

describe('specificity', () => {
  it('one against the rest per class, and micro over the summed counts', () => {
    withInputs(skTrue(), skPred(), (t, p) => {
      // tn, fp per class: (3, 1), (2, 2), (3, 1).
      expect(specificityOf(t, p, { ...multi, average: 'none' })).toEqual([0.75, 0.5, 0.75]);
      expect(specificityOf(t, p, multi)).toBeCloseTo(2 / 3, 6);
      expect(specificityOf(t, p, { ...multi, average: 'micro' })).toBeCloseTo(8 / 12, 6);
    });
  });
});

describe('result types', () => {
  it("follow the average: number[] for 'none', number otherwise, either when not known statically", () => {
    expectTypeOf(precision({ task: 'binary' }).compute).returns.toEqualTypeOf<number>();
    expectTypeOf(precision({ ...multi, average: 'none' }).compute).returns.toEqualTypeOf<number[]>();
    const wide: PrecisionOptions = multi;
    expectTypeOf(precision(wide).compute).returns.toEqualTypeOf<number | number[]>();
    expect(precision(wide).name).toBe('precision');
  });
});

describe('labelled errors', () => {
  it('configuration', () => {
    expect(() => precision({ task: 'multiclass' })).toThrow(ConfigError);
    expect(() => precision({ task: 'multiclass' })).toThrow(/needs numClasses/);
    expect(() => precision({ task: 'multiclass', numClasses: 3, average: 'binary' })).toThrow(
      /average 'binary' needs task 'binary'/,
    );
    expect(() => fBeta({ task: 'binary', beta: 0 })).toThrow(ConfigError);
    // A misspelt option (generic options are not checked for excess keys at compile time).
    expect(() => precision({ task: 'binary', averge: 'macro' })).toThrow(ConfigError);
  });

  it('shapes and out-of-range labels', () => {
    withInputs(tf.tensor1d([0, 1, 1]), tf.tensor1d([0.2, 0.9]), (t, p) => {
      expect(() => precisionOf(t, p, { task: 'binary' })).toThrow(ShapeError);
    });
    withInputs(tf.tensor1d([0, 3, 1], 'int32'), tf.tensor1d([0, 1, 1], 'int32'), (t, p) => {
      expect(() => precisionOf(t, p, multi)).toThrow(DataError);
      expect(() => precisionOf(t, p, multi)).toThrow(
        /1 of 3 samples had a label or prediction outside \[0, 3\)/,
      );
    });
    withInputs(
      tf.tensor2d([
        [0, 2, 1],
        [1, 0, -1],
      ]),
      tf.zeros([2, 3]),
      (t, p) => {
        expect(() => precisionOf(t, p, { task: 'multilabel', numClasses: 3 })).toThrow(
          'precision(precision): 2 of 6 multilabel targets were neither 0 nor 1',
        );
      },
    );
    withInputs(tf.zeros([2, 3]), tf.zeros([2, 2]), (t, p) => {
      expect(() => precisionOf(t, p, { task: 'multilabel', numClasses: 3 })).toThrow(ShapeError);
    });
  });

  it('leaves no tensors behind, even when it throws', () => {
    const t = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const p = tf.tensor1d([0, 2, 1, 0, 0, 1], 'int32');
    const bad = tf.tensor1d([5, 0, 0, 0, 0, 0], 'int32');
    const before = tf.memory().numTensors;
    precisionOf(t, p, multi);
    expect(() => precisionOf(t, bad, multi)).toThrow(DataError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t, p, bad]);
  });
});
