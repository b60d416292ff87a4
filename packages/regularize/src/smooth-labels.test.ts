import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { smoothLabels } from './smooth-labels.js';
import { smoothSparseLabels } from './smooth-sparse-labels.js';

const close = (t: tf.Tensor, want: number[]) => {
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, 6);
  });
  t.dispose();
};

describe('smoothLabels', () => {
  it('is (1 − α)·y + α/K, rows still summing to 1', () => {
    const y = tf.tensor2d([
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
    const before = tf.memory().numTensors;
    // α = 0.2, K = 5: 0.8 + 0.04 for the class, 0.04 elsewhere.
    close(smoothLabels(y, 0.2), [0.84, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.84]);
    const smoothed = smoothLabels(y, 0.37);
    close(tf.sum(smoothed, 1), [1, 1]);
    smoothed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    y.dispose();
  });
  it('with α = 0 is the labels and with α = 1 uniform', () => {
    const y = tf.tensor2d([[0, 1]]);
    close(smoothLabels(y, 0), [0, 1]);
    close(smoothLabels(y, 1), [0.5, 0.5]);
    y.dispose();
  });
  it('rejects α outside [0, 1] and a tensor without a class axis', () => {
    const s = tf.scalar(1);
    expect(() => smoothLabels(s, 0.1)).toThrow(
      'smoothLabels(oneHot): needs a non-empty class axis last, got shape []',
    );
    expect(() => smoothLabels(s, 1.5)).toThrow('smoothLabels(alpha): must be a number in [0, 1], got 1.5');
    s.dispose();
  });
});

describe('smoothSparseLabels', () => {
  it('equals smoothLabels of the one-hot rows', () => {
    const labels = tf.tensor1d([1, 3], 'int32');
    const before = tf.memory().numTensors;
    // α = 0.4, K = 4: 0.6 + 0.1 for the class, 0.1 elsewhere.
    close(smoothSparseLabels(labels, 4, 0.4), [0.1, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.7]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => smoothSparseLabels(labels, 0, 0.1)).toThrow(
      'smoothSparseLabels(numClasses): must be a positive integer, got 0',
    );
    labels.dispose();
  });
});
