import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constant, ones, zeros } from './constant.js';

describe('constant initializers', () => {
  it('fill the shape with the value', () => {
    const rng = createRng(0);
    const cases: [tf.Tensor, number][] = [
      [zeros()(rng, [2, 3]), 0],
      [ones()(rng, [4]), 1],
      [constant(-0.25)(rng, [2, 2]), -0.25],
    ];
    for (const [t, v] of cases) {
      expect(t.dtype).toBe('float32');
      expect(Array.from(t.dataSync())).toEqual(new Array(t.size).fill(v));
    }
    tf.dispose(cases.map(([t]) => t));
  });

  it('refuses a non-finite value', () => {
    expect(() => constant(Number.NaN)).toThrow(/constant\(value\): must be a finite number/);
  });
});
