import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { categoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';
import {
  distributions,
  expectClose,
  expectGradients,
  expectNoLeak,
  normal,
  values,
} from './loss-checks.test-util.js';

/** -Σ α(1 - q)^γ·t·log q with q renormalized and clipped, in float64. */
function focal(t: number[], p: number[], gamma: number, alpha: number): number {
  const total = p.reduce((a, b) => a + b, 0);
  return -t.reduce((s, ti, i) => {
    const q = Math.min(Math.max(p[i]! / total, 1e-7), 1 - 1e-7);
    return s + alpha * (1 - q) ** gamma * ti * Math.log(q);
  }, 0);
}

describe('categoricalFocalCrossentropy', () => {
  it("matches Keras's documented example: mean 0.23315", () => {
    const yt = tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const yp = tf.tensor2d([
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ]);
    expectClose(values(categoricalFocalCrossentropy(), yt, yp), [0.23315276], 5);
  });

  it('is -Σ α(1 - q)^γ t·log q per sample, from probabilities and from logits', () => {
    const t = [
      [0.1, 0.7, 0.2],
      [1, 0, 0],
    ];
    const x = [
      [1, -0.5, 2],
      [0.3, 0.2, -1],
    ];
    const softmax = x.map((r) => {
      const e = r.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const unnormalized = softmax.map((r) => r.map((v) => v * 3));
    const want = t.map((r, i) => focal(r, unnormalized[i]!, 1.5, 0.6));
    const o = { gamma: 1.5, alpha: 0.6, reduction: 'none' } as const;
    expectClose(values(categoricalFocalCrossentropy(o), tf.tensor2d(t), tf.tensor2d(unnormalized)), want);
    expectClose(
      values(categoricalFocalCrossentropy({ ...o, fromLogits: true }), tf.tensor2d(t), tf.tensor2d(x)),
      want,
    );
  });

  it('is categorical cross-entropy when gamma is 0 and alpha 1, with the same label smoothing', () => {
    const yt = tf.tensor2d([[0, 1, 0, 0]]);
    const x = tf.tensor2d([[0.5, 2, -1, 0.1]]);
    for (const fromLogits of [true, false]) {
      const input = fromLogits ? x : tf.softmax(x);
      expectClose(
        values(
          categoricalFocalCrossentropy({ gamma: 0, alpha: 1, labelSmoothing: 0.1, fromLogits }),
          yt,
          input,
        ),
        values(categoricalCrossentropy({ labelSmoothing: 0.1, fromLogits }), yt, input),
      );
    }
  });

  it('gradients match central differences from probabilities and from logits', () => {
    const yt = distributions(1, [3, 4]);
    const x = normal(2, [3, 4]);
    const p = tf.softmax(x);
    for (const o of [{}, { gamma: 0.5, alpha: 0.8, labelSmoothing: 0.1 }]) {
      expectGradients((reduction) => categoricalFocalCrossentropy({ ...o, reduction }), yt, p, {
        step: 1e-3,
      });
      expectGradients(
        (reduction) => categoricalFocalCrossentropy({ ...o, fromLogits: true, reduction }),
        yt,
        x,
      );
    }
    expectNoLeak(categoricalFocalCrossentropy({ fromLogits: true }), yt, x);
    tf.dispose([yt, x, p]);
  });
});
