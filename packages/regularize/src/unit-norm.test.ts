import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { unitNorm } from './unit-norm.js';

describe('unitNorm', () => {
  it('divides each column by its norm (ε = 1e-7), so every column has norm 1', () => {
    const w = tf.tensor2d([
      [3, 1, -2],
      [4, 1, 0],
    ]);
    const out = unitNorm()(w);
    const v = Array.from(out.dataSync());
    const want = [0.6, Math.SQRT1_2, -1, 0.8, Math.SQRT1_2, 0];
    v.forEach((x, i) => {
      expect(x).toBeCloseTo(want[i]!, 6);
    });
    tf.dispose([w, out]);
  });

  it('runs over the given axis and leaks nothing', () => {
    const w = tf.tensor2d([[0.5, 0, 0.5, 0.5, 0.5]]);
    const before = tf.memory().numTensors;
    const out = unitNorm({ axis: 1 })(w);
    Array.from(out.dataSync()).forEach((x, i) => {
      expect(x).toBeCloseTo(i === 1 ? 0 : 0.5, 6);
    });
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});
