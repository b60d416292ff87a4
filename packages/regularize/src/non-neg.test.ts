import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { nonNeg } from './non-neg.js';

describe('nonNeg', () => {
  it('zeroes negative weights and keeps the rest', () => {
    const w = tf.tensor2d([
      [-3, 0.5],
      [0, -1e-8],
    ]);
    const out = nonNeg()(w);
    expect(Array.from(out.dataSync())).toEqual([0, 0.5, 0, 0]);
    expect(out.shape).toEqual([2, 2]);
    tf.dispose([w, out]);
  });
});
