import { disposeTree, flattenTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { l2Penalty } from './l2-penalty.js';

const make = (): TensorTree => ({
  dense: {
    kernel: tf.tensor2d([
      [1, -2],
      [3, 0.5],
    ]),
    bias: tf.tensor1d([4, -1]),
  },
  head: { kernel: tf.tensor1d([0.25]) },
});

describe('l2Penalty', () => {
  it('is coef·Σp² over all params, or over the masked ones (by hand)', () => {
    const params = make();
    const before = tf.memory().numTensors;
    const all = l2Penalty(0.1)(params);
    const kernels = l2Penalty(0.1, (key) => key.endsWith('kernel'))(params);
    expect(all.dataSync()[0]).toBeCloseTo(0.1 * (1 + 4 + 9 + 0.25 + 16 + 1 + 0.0625), 6);
    expect(kernels.dataSync()[0]).toBeCloseTo(0.1 * (1 + 4 + 9 + 0.25 + 0.0625), 6);
    tf.dispose([all, kernels]);
    expect(tf.memory().numTensors).toBe(before);
    const none = l2Penalty(1, () => false)(params);
    expect(none.dataSync()[0]).toBe(0);
    none.dispose();
    disposeTree(params);
  });

  it('has gradient 2·coef·p (central finite differences)', () => {
    const coef = 0.3;
    const penalty = l2Penalty(coef);
    const base = Array.from((flattenTree(make())['dense/kernel'] as tf.Tensor).dataSync());
    const h = 1e-2;
    base.forEach((p, i) => {
      const at = (delta: number) => {
        const values = base.slice();
        values[i] = p + delta;
        const params = { w: tf.tensor1d(values) };
        const v = penalty(params);
        const out = v.dataSync()[0]!;
        tf.dispose([v, params.w]);
        return out;
      };
      expect((at(h) - at(-h)) / (2 * h)).toBeCloseTo(2 * coef * p, 3);
    });
  });

  it('rejects a negative coefficient and a non-function mask', () => {
    expect(() => l2Penalty(-1)).toThrow(/l2Penalty\(coef\): must be a number ≥ 0/);
    expect(() => l2Penalty(1, 'kernel' as never)).toThrow(/l2Penalty\(mask\): must be a function/);
  });
});
