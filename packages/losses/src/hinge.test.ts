import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { hinge } from './hinge.js';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';

const h = (t: number, p: number) => Math.max(1 - t * p, 0);

describe('hinge', () => {
  const p = [
    [0.3, -2, 0.8],
    [-0.5, 1.5, 0],
  ];
  const pm = [
    [1, -1, -1],
    [1, 1, -1],
  ];

  it('is max(1 - t·p, 0) averaged over the last axis for ±1 targets', () => {
    const each = pm.map((row, i) => row.reduce((s, t, j) => s + h(t, p[i]![j]!), 0) / 3);
    expectClose(values(hinge({ reduction: 'none' }), tf.tensor2d(pm), tf.tensor2d(p)), each);
    expectClose(values(hinge(), tf.tensor2d(pm), tf.tensor2d(p)), [(each[0]! + each[1]!) / 2]);
  });

  it('reads 0/1 targets as -1/+1, but leaves a tensor with other values as it is', () => {
    const zeroOne = pm.map((row) => row.map((t) => (t + 1) / 2));
    const want = values(hinge(), tf.tensor2d(pm), tf.tensor2d(p));
    expectClose(values(hinge(), tf.tensor2d(zeroOne), tf.tensor2d(p)), want);
    // [-1, 0, 1]: not all 0/1, so the 0 stays 0 and its loss is max(1 - 0, 0) = 1.
    const mixed = [-1, 0, 1];
    const q = [0.5, 0.5, 0.5];
    expectClose(values(hinge(), tf.tensor1d(mixed), tf.tensor1d(q)), [(h(-1, 0.5) + 1 + h(1, 0.5)) / 3]);
  });

  it('gradients match central differences away from the kink, for ±1 and 0/1 targets', () => {
    const yp = normal(2, [3, 4], 2);
    const piece = (y: number) => (y > 0 ? 1 : 0);
    for (const yt of [tf.sign(normal(1, [3, 4])), tf.cast(tf.greater(normal(3, [3, 4]), 0), 'float32')]) {
      expectGradients((reduction) => hinge({ reduction }), yt, yp, { wrt: [1], piece });
      expectNoLeak(hinge(), yt, yp);
      yt.dispose();
    }
    yp.dispose();
  });
});
