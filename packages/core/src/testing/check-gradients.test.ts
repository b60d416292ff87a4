import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createRng } from '../pcg32.js';
import { randomUniform } from '../random.js';
import { checkGradients } from './check-gradients.js';

// The checker is tested on functions whose gradients are set by hand with tf.customGrad, so the
// reference is the closed form written here, not a gradient registered by tfjs.
/** Σ x³ with the gradient dy · scale · x² (scale 3 is the true derivative). */
const sumCubed = (scale: number) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.sum(tf.mul(tf.mul(x, x), x)),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(scale, tf.square(saved!))),
    };
  });

/** x · slope elementwise, with the gradient dy · slope + offset (offset 0 is the true derivative). */
const scaled = (slope: number, offset: number) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.mul(args[0] as tf.Tensor, slope),
    gradFunc: (dy: tf.Tensor) => tf.add(tf.mul(dy, slope), offset),
  }));

describe('checkGradients', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts d(Σx³)/dx = 3x²', () => {
    const x = randomUniform(createRng(1), [2, 3], -1, 1);
    const r = checkGradients((t) => sumCubed(3)(t), [x]);
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(6);
    expect(r.skipped).toBe(0);
    // Central differences of a cubic are off by exactly h² · R (R the cotangent weight, |R| < 4 here).
    expect(r.maxAbsError).toBeLessThan(4e-6 + 1e-5);
    x.dispose();
  });

  it('rejects a gradient that is 2% off, at every coordinate', () => {
    const x = randomUniform(createRng(2), [2, 3], 1, 2);
    const r = checkGradients((t) => sumCubed(3.06)(t), [x]);
    expect(r.failures.length).toBe(6);
    for (const m of r.failures) {
      expect(m.input).toBe(0);
      expect(m.analytic / m.numeric).toBeCloseTo(1.02, 3);
    }
    expect(r.failures.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5]);
    x.dispose();
  });

  it('weights every output of a multi-output function, and differentiates only `wrt`', () => {
    const x = randomUniform(createRng(3), [4], 1, 2);
    const idx = tf.tensor1d([0, 0, 1], 'int32');
    // gather's gradient is the scatter-add of dy at the indices.
    const gather = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [t] = args as [tf.Tensor];
      return {
        value: tf.gather(t, idx),
        gradFunc: (dy: tf.Tensor) => tf.unsortedSegmentSum(dy, idx, t.shape[0]!),
      };
    });
    const f = (offset: number) => (t: tf.Tensor, _i: tf.Tensor) => [gather(t), scaled(2, offset)(t)];
    expect(checkGradients(f(0), [x, idx], { wrt: [0] })).toMatchObject({ checked: 4, failures: [] });
    // A wrong derivative of the second output alone is caught.
    const wrong = checkGradients(f(0.01), [x, idx], { wrt: [0], step: 0.25 });
    expect(wrong.failures.length).toBe(4);
    tf.dispose([x, idx]);
  });

  it('skips coordinates whose steps cross a kink when told the pieces, and fails them otherwise', () => {
    const x = tf.tensor1d([-1, 0.0005, 2]);
    const relu = (t: tf.Tensor) =>
      tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [v, save] = args as [tf.Tensor, tf.GradSaveFunc];
        save([v]);
        return {
          value: tf.relu(v),
          gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.step(saved!)),
        };
      })(t);
    expect(checkGradients(relu, [x], { piece: (y) => (y > 0 ? 1 : 0) })).toMatchObject({
      checked: 2,
      skipped: 1,
      failures: [],
    });
    // Without `piece`, the middle coordinate's quotient is (0.0015 − 0) / 0.002 = 0.75 of the slope.
    const r = checkGradients(relu, [x]);
    expect(r.failures.map((m) => [m.index, m.numeric / m.analytic])).toEqual([[1, expect.closeTo(0.75, 4)]]);
    x.dispose();
  });

  it('scales atol by the largest derivative when asked', () => {
    const x = randomUniform(createRng(4), [5], -1, 1);
    // The analytic gradient is off by 3e-4 everywhere: beyond atol 1e-4, within 1e-4 · max(1, 100 |R|).
    const f = (t: tf.Tensor) => scaled(100, 3e-4)(t);
    const exact = { step: 0.5, rtol: 0 }; // linear in x: central differences are exact at any step
    expect(checkGradients(f, [x], exact).failures.length).toBe(5);
    expect(checkGradients(f, [x], { ...exact, scaleAtol: true }).failures).toEqual([]);
    x.dispose();
  });

  it('draws the cotangent weights from `rng`, reproducibly', () => {
    const x = randomUniform(createRng(5), [3], 1, 2);
    const f = (t: tf.Tensor) => sumCubed(3.06)(t);
    const numeric = (seed: number) => checkGradients(f, [x], { rng: createRng(seed) }).failures[0]!.numeric;
    expect(numeric(7)).toBe(numeric(7));
    expect(numeric(7)).not.toBe(numeric(8));
    x.dispose();
  });

  it('says what is wrong with its options', () => {
    const x = tf.tensor1d([1, 2]);
    const i = tf.tensor1d([0], 'int32');
    const f = (t: tf.Tensor) => tf.mul(t, 2);
    expect(() => checkGradients(f, [x], { step: 0 })).toThrow(
      new ConfigError('checkGradients({step})', 'must be a number > 0, got 0'),
    );
    expect(() => checkGradients(f, [x], { eps: 1e-3 } as never)).toThrow(/unknown option 'eps'/);
    expect(() => checkGradients(f, [x], { wrt: [1] })).toThrow(
      /input 1 does not exist: f was given 1 inputs/,
    );
    expect(() => checkGradients((t) => tf.gather(x, t), [i])).toThrow(/input 0 is int32; only float32/);
    expect(() => checkGradients(f, [x], { wrt: [0, 0] })).toThrow(/lists an input twice/);
    tf.dispose([x, i]);
  });
});
