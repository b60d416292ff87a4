import { registerGradients } from '@strata/backends';
import { createRng, randomNormal, randomUniform, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalCrossentropy } from './categorical-crossentropy.js';

beforeAll(() => {
  registerGradients();
});

/** -Σ t · log softmax(x) in float64. */
function ce(t: number[], x: number[]): number {
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
  return -t.reduce((s, tc, c) => s + tc * (x[c]! - lse), 0);
}

describe('categoricalCrossentropy', () => {
  it('from logits: one-hot [1, 0, 0] with [2, 1, 0] gives log(1 + e^-1 + e^-2); soft targets mix', () => {
    const loss = categoricalCrossentropy({ fromLogits: true, reduction: 'none' });
    const v = loss(
      tf.tensor2d([
        [1, 0, 0],
        [0.25, 0.25, 0.5],
      ]),
      tf.tensor2d([
        [2, 1, 0],
        [0, 1, -1],
      ]),
    );
    const [a, b] = v.dataSync();
    expect(a).toBeCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), 6);
    expect(b).toBeCloseTo(ce([0.25, 0.25, 0.5], [0, 1, -1]), 6);
    v.dispose();
  });

  it('label smoothing s uses t(1 - s) + s/C', () => {
    const v = categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.3 })(
      tf.tensor2d([[0, 1, 0]]),
      tf.tensor2d([[0.5, 2, -1]]),
    );
    expect(v.dataSync()[0]).toBeCloseTo(ce([0.1, 0.8, 0.1], [0.5, 2, -1]), 6);
    v.dispose();
  });

  it('stays finite with logits of ±1000', () => {
    const v = categoricalCrossentropy({ fromLogits: true })(
      tf.tensor2d([[0, 1]]),
      tf.tensor2d([[1000, -1000]]),
    );
    expect(v.dataSync()[0]).toBe(2000);
    v.dispose();
  });

  it('from probabilities: -Σ t log p with p renormalized and clipped', () => {
    const v = categoricalCrossentropy({ reduction: 'sum' })(
      tf.tensor2d([
        [0, 1],
        [1, 0],
      ]),
      tf.tensor2d([
        [0.5, 1.5],
        [0.9, 0.1],
      ]),
    );
    expect(v.dataSync()[0]).toBeCloseTo(-Math.log(0.75) - Math.log(0.9), 6);
    v.dispose();
  });

  it('gradients w.r.t. logits and targets match central differences', () => {
    const x = randomNormal(createRng(1), [3, 4]);
    const t = randomUniform(createRng(2), [3, 4]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const loss = categoricalCrossentropy({ fromLogits: true, reduction });
      const r = checkGradients((ti, xi) => loss(ti, xi), [t, x], { step: 1e-2, rtol: 2e-3 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(24);
    }
    const p = randomUniform(createRng(3), [3, 4], 0.1, 1);
    const probs = categoricalCrossentropy();
    const r = checkGradients((pi) => probs(t, pi), [p], { step: 1e-3, rtol: 3e-3 });
    expect(r.failures).toEqual([]);
    tf.dispose([x, t, p]);
  });

  it('refuses targets and predictions of different shapes', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([2, 4]);
    expect(() => categoricalCrossentropy()(a, b)).toThrow(
      new ShapeError('categoricalCrossentropy', 'yTrue [2, 3] and yPred [2, 4] must have the same shape'),
    );
    expect(() => categoricalCrossentropy({ labelSmoothing: 2 })).toThrow(
      /labelSmoothing\}\): must be a number in \[0, 1\]/,
    );
    tf.dispose([a, b]);
  });
});
