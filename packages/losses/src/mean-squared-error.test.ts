import { createRng, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { meanSquaredError } from './mean-squared-error.js';

describe('meanSquaredError', () => {
  const t = [
    [1, 2, 3],
    [0, 0, 0],
  ];
  const p = [
    [1, 4, 0],
    [1, -1, 0.5],
  ];
  // Per sample: (0 + 4 + 9) / 3 and (1 + 1 + 0.25) / 3.
  const each = [13 / 3, 2.25 / 3];

  it('averages the squared error over the last axis, then reduces', () => {
    const [a, b] = [tf.tensor2d(t), tf.tensor2d(p)];
    const none = meanSquaredError({ reduction: 'none' })(a, b);
    const mean = meanSquaredError()(a, b);
    const sum = meanSquaredError({ reduction: 'sum' })(a, b);
    expect(none.shape).toEqual([2]);
    for (const [i, v] of none.dataSync().entries()) expect(v).toBeCloseTo(each[i]!, 6);
    expect(mean.dataSync()[0]).toBeCloseTo((each[0]! + each[1]!) / 2, 6);
    expect(sum.dataSync()[0]).toBeCloseTo(each[0]! + each[1]!, 6);
    tf.dispose([a, b, none, mean, sum]);
  });

  it('a rank-1 input has one element per sample', () => {
    const v = meanSquaredError({ reduction: 'none' })(tf.tensor1d([1, 2]), tf.tensor1d([3, 2]));
    expect(Array.from(v.dataSync())).toEqual([4, 0]);
    v.dispose();
  });

  it('gradients w.r.t. both arguments match central differences', () => {
    const a = randomNormal(createRng(1), [3, 4]);
    const b = randomNormal(createRng(2), [3, 4]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const loss = meanSquaredError({ reduction });
      const r = checkGradients((x, y) => loss(x, y), [a, b], { step: 0.1 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(24);
    }
    tf.dispose([a, b]);
  });

  it('refuses mismatched shapes and leaks nothing', () => {
    const a = tf.zeros([3, 1]);
    const b = tf.zeros([3]);
    expect(() => meanSquaredError()(a, b)).toThrow(
      new ShapeError('meanSquaredError', 'yTrue [3, 1] and yPred [3] must have the same shape'),
    );
    const before = tf.memory().numTensors;
    meanSquaredError()(b, b).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
