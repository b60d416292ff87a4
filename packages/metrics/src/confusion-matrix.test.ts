import { createRng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { computeOnce } from './compute-once.test-util.js';
import { type ConfusionMatrixOptions, confusionMatrix } from './confusion-matrix.js';

const once = (options: ConfusionMatrixOptions, yTrue: tf.Tensor, yPred: tf.Tensor): number[][] =>
  computeOnce(confusionMatrix(options), yTrue, yPred);

describe('confusionMatrix', () => {
  it('counts (true, predicted) pairs, rows = truth (hand-computed)', () => {
    const got = once(
      { numClasses: 3 },
      tf.tensor1d([0, 1, 2, 2, 1, 0], 'int32'),
      tf.tensor1d([0, 2, 2, 1, 1, 0], 'int32'),
    );
    expect(got).toEqual([
      [2, 0, 0],
      [0, 1, 1],
      [0, 1, 1],
    ]);
  });

  it('matches a counting loop on random scores and one-hot labels', () => {
    const rng = createRng(5);
    const n = 4;
    const truth = Array.from({ length: 50 }, () => randomInt(rng, n));
    const scores = randomUniform(rng, [50, n]);
    const values = scores.arraySync() as number[][];
    const expected = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    truth.forEach((t, i) => {
      const row = values[i]!;
      expected[t]![row.indexOf(Math.max(...row))]! += 1;
    });
    const oneHot = tf.oneHot(tf.tensor1d(truth, 'int32'), n);
    expect(once({ numClasses: n }, oneHot, scores)).toEqual(expected);
  });

  it('thresholds one score per sample for 2 classes', () => {
    // > 0.5 → [1, 0, 1, 0]; truth [1, 1, 0, 0] → [[1, 1], [1, 1]].
    const got = once({ numClasses: 2 }, tf.tensor1d([1, 1, 0, 0]), tf.tensor2d([[0.9], [0.2], [0.7], [0.5]]));
    expect(got).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const logits = once({ numClasses: 2, threshold: 0 }, tf.tensor1d([1, 0]), tf.tensor1d([0.1, -0.1]));
    expect(logits).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('reports labels outside [0, numClasses) at compute', () => {
    expect(() =>
      once({ numClasses: 3 }, tf.tensor1d([0, 3, -1], 'int32'), tf.tensor1d([0, 1, 1], 'int32')),
    ).toThrow(
      /confusionMatrix\(confusionMatrix\): 2 of 3 samples had a label or prediction outside \[0, 3\)/,
    );
  });

  it('rejects shapes that fit neither form, and numClasses < 2', () => {
    const m = confusionMatrix({ numClasses: 3 });
    const s = m.init();
    const y = tf.tensor1d([0, 1]);
    const p = tf.zeros([2, 4]);
    expect(() => m.update(s, y, p)).toThrow(/predictions of shape \[2, 4\] fit neither scores \[B, 3\]/);
    const y3 = tf.tensor1d([0, 1, 2]);
    const p2 = tf.zeros([2, 3]);
    expect(() => m.update(s, y3, p2)).toThrow(/labels of shape \[3\] do not fit 2 predictions/);
    tf.dispose([y, p, y3, p2]);
    m.dispose(s);
    expect(() => confusionMatrix({ numClasses: 1 })).toThrow(
      /confusionMatrix\(\{numClasses\}\): must be an integer ≥ 2/,
    );
  });
});
