import { registerGradients } from '@strata/backends';
import { createRng, randomNormal, randomUniform, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';

beforeAll(() => {
  registerGradients();
});

/** -z log σ(x) - (1 - z) log(1 - σ(x)) in float64 (fine for the moderate x used). */
const bce = (z: number, x: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return -z * Math.log(s) - (1 - z) * Math.log(1 - s);
};

describe('binaryCrossentropy', () => {
  it('from logits: averages over the last axis, then over samples', () => {
    const loss = binaryCrossentropy({ fromLogits: true, reduction: 'none' });
    const v = loss(
      tf.tensor2d([
        [1, 0],
        [0.3, 1],
      ]),
      tf.tensor2d([
        [2, -1],
        [0.5, -3],
      ]),
    );
    expect(v.shape).toEqual([2]);
    const [a, b] = v.dataSync();
    expect(a).toBeCloseTo((bce(1, 2) + bce(0, -1)) / 2, 6);
    expect(b).toBeCloseTo((bce(0.3, 0.5) + bce(1, -3)) / 2, 6);
    v.dispose();
  });

  it('stays finite and exact for logits of ±1000', () => {
    const v = binaryCrossentropy({ fromLogits: true, reduction: 'none' })(
      tf.tensor1d([0, 1, 1, 0]),
      tf.tensor1d([1000, -1000, 1000, -1000]),
    );
    expect(Array.from(v.dataSync())).toEqual([1000, 1000, 0, 0]);
    v.dispose();
  });

  it('from probabilities, clipped to [1e-7, 1 - 1e-7]', () => {
    const v = binaryCrossentropy({ reduction: 'none' })(tf.tensor1d([1, 0, 1]), tf.tensor1d([0.8, 0.25, 0]));
    const [a, b, c] = v.dataSync();
    expect(a).toBeCloseTo(-Math.log(0.8), 6);
    expect(b).toBeCloseTo(-Math.log(0.75), 6);
    expect(c).toBeCloseTo(-Math.log(1e-7), 4);
    v.dispose();
  });

  it('label smoothing s moves targets to z(1 - s) + s/2', () => {
    const v = binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 })(
      tf.tensor1d([1]),
      tf.tensor1d([0.7]),
    );
    expect(v.dataSync()[0]).toBeCloseTo(bce(0.9, 0.7), 6);
    v.dispose();
  });

  it('gradients w.r.t. predictions and targets match central differences', () => {
    const x = randomNormal(createRng(1), [3, 4]);
    const z = randomUniform(createRng(2), [3, 4]);
    const p = randomUniform(createRng(3), [3, 4], 0.05, 0.95);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const logits = binaryCrossentropy({ fromLogits: true, reduction });
      const r = checkGradients((zi, xi) => logits(zi, xi), [z, x], { step: 1e-2, rtol: 2e-3 });
      expect(r.failures).toEqual([]);
      const probs = binaryCrossentropy({ reduction });
      const q = checkGradients((zi, pi) => probs(zi, pi), [z, p], { step: 1e-3, rtol: 3e-3 });
      expect(q.failures).toEqual([]);
      expect(q.checked).toBe(24);
    }
    tf.dispose([x, z, p]);
  });

  it('casts integer targets and refuses mismatched shapes', () => {
    const v = binaryCrossentropy({ fromLogits: true })(tf.tensor1d([1, 0], 'int32'), tf.tensor1d([1, -2]));
    expect(v.dataSync()[0]).toBeCloseTo((bce(1, 1) + bce(0, -2)) / 2, 6);
    expect(() => binaryCrossentropy()(tf.zeros([4, 1]), tf.zeros([4]))).toThrow(ShapeError);
    v.dispose();
  });
});
