import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { huber } from './huber.js';

/** ½e² for |e| ≤ δ, δ(|e| - ½δ) beyond. */
const h = (e: number, d: number) => (Math.abs(e) <= d ? 0.5 * e * e : d * (Math.abs(e) - 0.5 * d));

describe('huber', () => {
  it('is quadratic inside delta and linear beyond, averaged over the last axis', () => {
    const errors = [0.5, -3, 1, 2.5];
    const v = huber({ reduction: 'none' })(tf.zeros([2, 2]), tf.tensor2d(errors, [2, 2]));
    const [a, b] = v.dataSync();
    expect(a).toBeCloseTo((h(0.5, 1) + h(-3, 1)) / 2, 6);
    expect(b).toBeCloseTo((h(1, 1) + h(2.5, 1)) / 2, 6);
    const wide = huber({ delta: 2 })(tf.zeros([4]), tf.tensor1d(errors));
    expect(wide.dataSync()[0]).toBeCloseTo(errors.reduce((s, e) => s + h(e, 2), 0) / 4, 6);
    tf.dispose([v, wide]);
  });

  it('gradients (the error clipped to ±delta) match central differences', () => {
    const a = randomNormal(createRng(1), [3, 4]);
    const b = tf.mul(randomNormal(createRng(2), [3, 4]), 2);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const r = checkGradients((x, y) => huber({ delta: 1.5, reduction })(x, y), [a, b], {
        step: 1e-3,
        rtol: 2e-3,
      });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(24);
    }
    tf.dispose([a, b]);
  });

  it('refuses delta ≤ 0', () => {
    expect(() => huber({ delta: 0 })).toThrow(/huber\(\{delta\}\): must be a number > 0, got 0/);
  });
});
