import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';
import { poisson } from './poisson.js';

describe('poisson', () => {
  it('is p - t·log(p + 1e-7) averaged over the last axis', () => {
    const t = [
      [0, 3],
      [1, 5],
    ];
    const p = [
      [0.5, 2],
      [1, 4.5],
    ];
    const f = (ti: number, pi: number) => pi - ti * Math.log(pi + 1e-7);
    const each = t.map((row, i) => row.reduce((s, ti, j) => s + f(ti, p[i]![j]!), 0) / 2);
    const yt = tf.tensor2d(t);
    const yp = tf.tensor2d(p);
    expectClose(values(poisson({ reduction: 'none' }), yt, yp), each);
    expectClose(values(poisson({ reduction: 'sum' }), yt, yp), [each[0]! + each[1]!]);
    tf.dispose([yt, yp]);
  });

  it('gradients match central differences for positive rates', () => {
    const yt = tf.abs(normal(1, [3, 4], 3));
    const yp = tf.add(tf.abs(normal(2, [3, 4])), 0.5);
    expectGradients((reduction) => poisson({ reduction }), yt, yp);
    expectNoLeak(poisson(), yt, yp);
    tf.dispose([yt, yp]);
  });
});
