import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { computeOnce } from './compute-once.test-util.js';
import { topKAccuracy } from './top-k-accuracy.js';

const once = (k: number, yTrue: tf.Tensor, yPred: tf.Tensor): number =>
  computeOnce(topKAccuracy({ k }), yTrue, yPred);

describe('topKAccuracy', () => {
  const scores = [
    [0.1, 0.5, 0.3, 0.1], // ranks: 1, 2, 0/3
    [0.4, 0.3, 0.2, 0.1], // ranks: 0, 1, 2, 3
    [0.2, 0.2, 0.2, 0.4], // 3 first, then a three-way tie
  ];

  it('counts true classes among the k best (hand-checked ranks)', () => {
    const labels = [2, 2, 1];
    // k=1: row 0 true 2 (2nd) ✗, row 1 true 2 (3rd) ✗, row 2 true 1 (tied 2nd) ✗ → 0.
    expect(once(1, tf.tensor1d(labels, 'int32'), tf.tensor2d(scores))).toBe(0);
    // k=2: row 0 ✓ (one class higher), row 1 ✗ (two higher), row 2 ✓ (one higher; ties do not count) → 2/3.
    expect(once(2, tf.tensor1d(labels, 'int32'), tf.tensor2d(scores))).toBe(2 / 3);
    // k=3: all ✓.
    expect(once(3, tf.tensor1d(labels, 'int32'), tf.tensor2d(scores))).toBe(1);
  });

  it('treats ties at the boundary as in tf.math.in_top_k: all tied classes are in', () => {
    // Row 2 with k=2: class 3 is first, classes 0, 1, 2 tie for second; each is "in the top 2".
    for (const label of [0, 1, 2]) {
      expect(once(2, tf.tensor1d([label], 'int32'), tf.tensor2d([scores[2]!]))).toBe(1);
    }
  });

  it('equals plain accuracy for k = 1 without ties, and is 1 for k ≥ C', () => {
    const p = tf.tensor2d([
      [0.1, 0.9],
      [0.8, 0.2],
    ]);
    expect(once(1, tf.tensor1d([1, 1], 'int32'), p)).toBe(1 / 2);
    expect(
      once(
        5,
        tf.tensor1d([0, 1], 'int32'),
        tf.tensor2d([
          [0.1, 0.9],
          [0.8, 0.2],
        ]),
      ),
    ).toBe(1);
  });

  it('takes one-hot labels and names itself after k', () => {
    const oneHot = tf.tensor2d([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(once(2, oneHot, tf.tensor2d(scores.slice(0, 2)))).toBe(1);
    expect(topKAccuracy({ k: 3 }).name).toBe('top3Accuracy');
    expect(() => topKAccuracy({ k: 0 })).toThrow(/topKAccuracy\(\{k\}\): must be a positive integer/);
  });
});
