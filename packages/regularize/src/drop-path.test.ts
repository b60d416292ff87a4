import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dropPath } from './drop-path.js';

describe('dropPath', () => {
  it('drops whole examples at the given rate and scales the kept ones by 1/(1 − rate) (seeded, statistical)', () => {
    const batch = 20000;
    const rate = 0.3;
    // Each example is a [2, 3] block of distinct values, so a partly dropped example would show.
    const x = tf.add(tf.zeros([batch, 2, 3]), tf.reshape(tf.range(1, 7), [1, 2, 3]));
    const before = tf.memory().numTensors;
    const y = dropPath(x, rate, createRng(42), true);
    expect(tf.memory().numTensors).toBe(before + 1);
    const v = y.dataSync();
    let dropped = 0;
    for (let b = 0; b < batch; b++) {
      const row = Array.from(v.subarray(b * 6, b * 6 + 6));
      if (row.every((e) => e === 0)) dropped++;
      else
        row.forEach((e, i) => {
          expect(e).toBeCloseTo((i + 1) / (1 - rate), 5);
        });
    }
    // Binomial(20000, 0.3): σ = √(20000 · 0.3 · 0.7) ≈ 64.8; allow 4σ.
    expect(Math.abs(dropped - batch * rate)).toBeLessThan(4 * 64.8);
    // The expectation is unchanged: the mean of each position stays near its value.
    const mean = Array.from(tf.mean(y, 0).dataSync());
    mean.forEach((m, i) => {
      expect(Math.abs(m - (i + 1))).toBeLessThan(0.05 * (i + 1));
    });
    tf.dispose([x, y]);
  });

  it('is reproducible from the seed, and differs across seeds', () => {
    const x = tf.ones([64, 3]);
    const a = dropPath(x, 0.5, createRng(7), true);
    const b = dropPath(x, 0.5, createRng(7), true);
    const c = dropPath(x, 0.5, createRng(8), true);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([x, a, b, c]);
  });

  it('outside training or at rate 0 returns a copy; at rate 1 zeros', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const off = dropPath(x, 0.9, undefined, false);
    expect(off).not.toBe(x);
    expect(Array.from(off.dataSync())).toEqual([1, 2, 3, 4]);
    const zero = dropPath(x, 0, createRng(1), true);
    expect(Array.from(zero.dataSync())).toEqual([1, 2, 3, 4]);
    const all = dropPath(x, 1, createRng(1), true);
    expect(Array.from(all.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([x, off, zero, all]);
  });

  it('rejects a bad rate and a missing rng while training', () => {
    const x = tf.ones([2, 2]);
    expect(() => dropPath(x, 1.5, createRng(0), true)).toThrow(
      'dropPath(rate): must be a number in [0, 1], got 1.5',
    );
    expect(() => dropPath(x, 0.5, undefined, true)).toThrow('dropPath(rng): is needed while training');
    x.dispose();
  });
});
