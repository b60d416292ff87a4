import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { binaryFocalCrossentropy } from './binary-focal-crossentropy.js';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';

/** (1 - p_t)^γ · BCE per element, times α·t + (1 - α)(1 - t) when balancing, in float64. */
function focal(t: number, p: number, gamma: number, alpha?: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  const bce = -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
  const pt = t * p + (1 - t) * (1 - p);
  const w = alpha === undefined ? 1 : t * alpha + (1 - t) * (1 - alpha);
  return w * (1 - pt) ** gamma * bce;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('binaryFocalCrossentropy', () => {
  it("matches Keras's documented example: [[0, 1], [0, 0]] vs [[0.6, 0.4], [0.4, 0.6]] → [0.330, 0.206]", () => {
    const got = values(
      binaryFocalCrossentropy({ gamma: 2, reduction: 'none' }),
      tf.tensor2d([
        [0, 1],
        [0, 0],
      ]),
      tf.tensor2d([
        [0.6, 0.4],
        [0.4, 0.6],
      ]),
    );
    expectClose(got, [0.33, 0.206], 3);
  });

  it('is the focal factor times BCE per element, with class balancing and from logits', () => {
    const t = [1, 0, 1, 0, 1, 0];
    const x = [2, -1, -0.5, 0.3, 0, 3];
    const p = x.map(sigmoid);
    const mean = (f: (ti: number, i: number) => number) => t.reduce((s, ti, i) => s + f(ti, i), 0) / t.length;
    const yt = tf.tensor2d(t, [1, 6]);
    expectClose(values(binaryFocalCrossentropy({ gamma: 1.5 }), yt, tf.tensor2d(p, [1, 6])), [
      mean((ti, i) => focal(ti, p[i]!, 1.5)),
    ]);
    const balanced = binaryFocalCrossentropy({ gamma: 3, alpha: 0.3, applyClassBalancing: true });
    expectClose(values(balanced, yt, tf.tensor2d(p, [1, 6])), [mean((ti, i) => focal(ti, p[i]!, 3, 0.3))]);
    const logits = binaryFocalCrossentropy({ gamma: 2, fromLogits: true });
    expectClose(values(logits, yt, tf.tensor2d(x, [1, 6])), [mean((ti, i) => focal(ti, p[i]!, 2))]);
  });

  it('is binary cross-entropy when gamma is 0, with the same label smoothing', () => {
    const yt = tf.tensor2d([[1, 0, 1, 1]]);
    const yp = tf.tensor2d([[0.9, 0.2, 0.4, 0.7]]);
    expectClose(
      values(binaryFocalCrossentropy({ gamma: 0, labelSmoothing: 0.2 }), yt, yp),
      values(binaryCrossentropy({ labelSmoothing: 0.2 }), yt, yp),
    );
  });

  it('gradients match central differences from probabilities and from logits', () => {
    const yt = tf.tensor2d([
      [1, 0, 1, 0],
      [0, 0, 1, 1],
      [1, 1, 0, 0],
    ]);
    const x = normal(2, [3, 4]);
    const p = tf.sigmoid(x);
    for (const o of [
      { gamma: 2 },
      { gamma: 1.5, applyClassBalancing: true, alpha: 0.4, labelSmoothing: 0.1 },
    ]) {
      expectGradients((reduction) => binaryFocalCrossentropy({ ...o, reduction }), yt, p, { step: 1e-4 });
      expectGradients((reduction) => binaryFocalCrossentropy({ ...o, fromLogits: true, reduction }), yt, x);
    }
    expectNoLeak(binaryFocalCrossentropy({ fromLogits: true }), yt, x);
    tf.dispose([yt, x, p]);
  });

  it('refuses gamma < 0 and alpha outside [0, 1]', () => {
    expect(() => binaryFocalCrossentropy({ gamma: -1 })).toThrow(/binaryFocalCrossentropy\(\{gamma\}\)/);
    expect(() => binaryFocalCrossentropy({ alpha: 2 })).toThrow(/binaryFocalCrossentropy\(\{alpha\}\)/);
  });
});
