import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compareGradients, uniform } from './grad-check.test.util.js';

// The checker itself, on functions whose gradients are set by hand with tf.customGrad (which needs no
// registered kernel gradients): it must accept the true derivative and reject a wrong one.
describe('finite-difference gradient checker', () => {
  const cube = (scale: number) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.mul(tf.mul(x, x), x),
        gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) =>
          tf.mul(dy, tf.mul(scale, tf.square(saved as tf.Tensor))),
      };
    });

  it('accepts d(x³)/dx = 3x²', () => {
    const rng = createRng(1);
    const x = uniform(rng, [2, 3]);
    expect(compareGradients((t) => cube(3)(t), [x], rng)).toEqual([]);
    x.dispose();
  });

  it('rejects a gradient that is 2% off', () => {
    const rng = createRng(2);
    const x = uniform(rng, [2, 3], 1, 2);
    const mismatches = compareGradients((t) => cube(3.06)(t), [x], rng);
    expect(mismatches.length).toBe(6);
    for (const m of mismatches) expect(m.analytic / m.numeric).toBeCloseTo(1.02, 3);
    x.dispose();
  });
});
