import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxNorm } from './max-norm.js';

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('maxNorm', () => {
  it('scales each column (axis 0) whose norm exceeds maxValue down to it, as Keras (w·min(n, m)/(ε + n))', () => {
    // Column norms: √(9 + 16) = 5, √(0.36 + 0.64) = 1, 0.
    const w = tf.tensor2d([
      [3, 0.6, 0],
      [4, 0.8, 0],
    ]);
    const before = tf.memory().numTensors;
    const out = maxNorm({ maxValue: 2 })(w);
    expect(out.shape).toEqual([2, 3]);
    const kept = 1 / (1 + 1e-7);
    const got = values(out);
    const want = [1.2, 0.6 * kept, 0, 1.6, 0.8 * kept, 0];
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 6);
    });
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('runs over several axes: a conv kernel [kh, kw, in, out] per output channel', () => {
    // Two output channels; channel 0 has all entries 1 (norm √8), channel 1 all 0.1 (norm √0.08).
    const w = tf.stack([tf.fill([2, 2, 2], 1), tf.fill([2, 2, 2], 0.1)], 3);
    const out = maxNorm({ maxValue: 1, axis: [0, 1, 2] })(w);
    const v = values(out);
    expect(v[0]).toBeCloseTo(1 / Math.sqrt(8), 6);
    expect(v[1]).toBeCloseTo(0.1, 6);
    // Every output channel's norm is now at most 1.
    const n = values(tf.sqrt(tf.sum(tf.square(out), [0, 1, 2])));
    expect(n[0]).toBeCloseTo(1, 5);
    expect(n[1]).toBeCloseTo(Math.sqrt(0.08), 5);
    tf.dispose([w, out]);
  });

  it('rejects bad options and an axis beyond the rank', () => {
    expect(() => maxNorm({ maxValue: -1 })).toThrow('maxNorm({maxValue}): must be a number ≥ 0, got -1');
    expect(() => maxNorm({ axis: [0, 0] })).toThrow(
      'maxNorm({axis}): must be an axis or a list of distinct axes',
    );
    const w = tf.tensor1d([1]);
    expect(() => maxNorm({ axis: 1 })(w)).toThrow(
      'maxNorm({axis}): axis 1 is out of range for a param of rank 1 (shape [1])',
    );
    w.dispose();
  });
});
