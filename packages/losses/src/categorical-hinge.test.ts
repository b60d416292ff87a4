import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { categoricalHinge } from './categorical-hinge.js';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';

/** max(max_c (1 - t_c)·p_c - Σ t·p + 1, 0), in float64. */
const ch = (t: number[], p: number[]) => {
  const pos = t.reduce((s, ti, i) => s + ti * p[i]!, 0);
  const neg = Math.max(...t.map((ti, i) => (1 - ti) * p[i]!));
  return Math.max(neg - pos + 1, 0);
};

describe('categoricalHinge', () => {
  it('is max(best other score - true score + 1, 0) per sample', () => {
    const t = [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    const p = [
      [0.3, 0.6, 0.1],
      [2.5, 0.2, 1.0],
      [0.9, -0.4, 0.2],
    ];
    const each = t.map((row, i) => ch(row, p[i]!));
    expectClose(values(categoricalHinge({ reduction: 'none' }), tf.tensor2d(t), tf.tensor2d(p)), each);
    expectClose(values(categoricalHinge(), tf.tensor2d(t), tf.tensor2d(p)), [
      each.reduce((a, b) => a + b) / 3,
    ]);
  });

  it('gradients match central differences away from the kinks', () => {
    const yt = tf.tensor2d([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 1],
    ]);
    const yp = normal(2, [4, 4]);
    expectGradients((reduction) => categoricalHinge({ reduction }), yt, yp, {
      piece: (y) => (y > 0 ? 1 : 0),
    });
    expectNoLeak(categoricalHinge(), yt, yp);
    tf.dispose([yt, yp]);
  });
});
