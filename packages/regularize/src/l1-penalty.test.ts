import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { l1Penalty } from './l1-penalty.js';

describe('l1Penalty', () => {
  it('is coef·Σ|p| over all params, or over the masked ones (by hand)', () => {
    const params = { a: tf.tensor1d([1, -2, 3]), b: { kernel: tf.tensor2d([[-0.5, 0.25]]) } };
    const before = tf.memory().numTensors;
    const all = l1Penalty(0.01)(params);
    const onlyB = l1Penalty(0.01, (key) => key.startsWith('b/'))(params);
    expect(all.dataSync()[0]).toBeCloseTo(0.01 * 6.75, 7);
    expect(onlyB.dataSync()[0]).toBeCloseTo(0.01 * 0.75, 7);
    tf.dispose([all, onlyB]);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
  });

  it('has gradient coef·sign(p) away from 0 (central finite differences)', () => {
    const coef = 0.2;
    const values = [1.5, -0.7, 0.3];
    const h = 1e-2;
    values.forEach((p, i) => {
      const at = (delta: number) => {
        const v = values.slice();
        v[i] = p + delta;
        const params = { w: tf.tensor1d(v) };
        const out = l1Penalty(coef)(params);
        const n = out.dataSync()[0]!;
        tf.dispose([out, params.w]);
        return n;
      };
      expect((at(h) - at(-h)) / (2 * h)).toBeCloseTo(coef * Math.sign(p), 3);
    });
  });
});
