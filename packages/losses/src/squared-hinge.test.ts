import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';
import { squaredHinge } from './squared-hinge.js';

const h2 = (t: number, p: number) => Math.max(1 - t * p, 0) ** 2;

describe('squaredHinge', () => {
  it('is max(1 - t·p, 0)² averaged over the last axis, with 0/1 targets read as ±1', () => {
    const p = [
      [0.3, -2, 0.8],
      [-0.5, 1.5, 0],
    ];
    const pm = [
      [1, -1, -1],
      [1, 1, -1],
    ];
    const each = pm.map((row, i) => row.reduce((s, t, j) => s + h2(t, p[i]![j]!), 0) / 3);
    expectClose(values(squaredHinge({ reduction: 'none' }), tf.tensor2d(pm), tf.tensor2d(p)), each);
    const zeroOne = pm.map((row) => row.map((t) => (t + 1) / 2));
    expectClose(values(squaredHinge({ reduction: 'sum' }), tf.tensor2d(zeroOne), tf.tensor2d(p)), [
      each[0]! + each[1]!,
    ]);
  });

  it('gradients w.r.t. both arguments match central differences', () => {
    const yt = tf.sign(normal(1, [3, 4]));
    const yp = normal(2, [3, 4], 2);
    // Piecewise quadratic, so a larger step is exact off the margin (where `piece` skips), and
    // ±1 targets moved by the step are not all 0/1, so no relabelling happens mid-difference.
    expectGradients((reduction) => squaredHinge({ reduction }), yt, yp, { step: 1e-2 });
    expectNoLeak(squaredHinge(), yt, yp);
    tf.dispose([yt, yp]);
  });
});
