import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mean } from './mean.js';

describe('mean', () => {
  it('averages values, weighted or not (hand-computed)', () => {
    const m = mean();
    const v = tf.tensor1d([1, 2, 3, 6]);
    const w = tf.tensor1d([1, 0, 1, 2]);
    const s0 = m.init();
    const plain = m.update(s0, v);
    const weighted = m.update(s0, v, w);
    expect(m.compute(plain)).toBeCloseTo(3, 6);
    expect(m.compute(weighted)).toBeCloseTo((1 + 3 + 12) / 4, 6);
    // a batch mean weighted by its batch size, then another batch
    const b1 = m.update(s0, tf.scalar(0.5), tf.scalar(32));
    const b2 = m.update(b1, tf.scalar(0.2), tf.scalar(8));
    expect(m.compute(b2)).toBeCloseTo((0.5 * 32 + 0.2 * 8) / 40, 6);
    for (const s of [s0, plain, weighted, b1, b2]) m.dispose(s);
    tf.dispose([v, w]);
  });

  it('broadcasts weights (one per row of a [B, 2] value)', () => {
    const m = mean();
    const v = tf.tensor2d([
      [1, 3],
      [10, 20],
    ]);
    const w = tf.tensor2d([[1], [0]]);
    const s0 = m.init();
    const s1 = m.update(s0, v, w);
    expect(m.compute(s1)).toBeCloseTo(2, 6);
    const bad = tf.tensor1d([1, 2, 3]);
    expect(() => m.update(s0, v, bad)).toThrow(/mean\(mean\): weights of shape \[3\] do not broadcast/);
    tf.dispose([v, w, bad]);
    m.dispose(s0);
    m.dispose(s1);
  });

  it('is NaN with nothing seen', () => {
    const m = mean({ name: 'loss' });
    const s = m.init();
    expect(m.compute(s)).toBeNaN();
    expect(m.name).toBe('loss');
    expect(m.higherIsBetter).toBe(false);
    m.dispose(s);
  });
});
