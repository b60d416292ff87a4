import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { knnClassify } from './knn-classify.js';

describe('knnClassify', () => {
  it('votes like a brute-force k-NN computed by hand', () => {
    const rng = createRng(7);
    const [S, Q, D, K, C] = [30, 12, 4, 5, 3];
    const support = Array.from({ length: S }, () => Array.from({ length: D }, () => rng.next() * 4));
    const labels = Array.from({ length: S }, (_, i) => i % C);
    const query = Array.from({ length: Q }, () => Array.from({ length: D }, () => rng.next() * 4));
    const before = tf.memory().numTensors;
    const s = tf.tensor2d(support);
    const l = tf.tensor1d(labels, 'int32');
    const q = tf.tensor2d(query);
    const out = knnClassify({ support: s, labels: l, query: q, k: K, classes: C });
    const scores = out.arraySync();
    query.forEach((row, i) => {
      const nearest = support
        .map((sv, j) => ({ j, d: sv.reduce((a, v, t) => a + (v - row[t]!) ** 2, 0) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, K);
      const votes = Array.from({ length: C }, (_, c) => nearest.filter((n) => labels[n.j] === c).length / K);
      scores[i]!.forEach((v, c) => {
        expect(v).toBeCloseTo(votes[c]!, 6);
      });
    });
    tf.dispose([s, l, q, out]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses mismatched feature sizes naming both shapes', () => {
    const s = tf.zeros([3, 4]);
    const q = tf.zeros([2, 5]);
    const l = tf.zeros([3], 'int32');
    expect(() => knnClassify({ support: s, labels: l, query: q, k: 1, classes: 2 })).toThrow(
      /\[3, 4\] and \[2, 5\]/,
    );
    tf.dispose([s, q, l]);
  });
});
