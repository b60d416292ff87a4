import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { logCosh } from './log-cosh.js';
import { expectClose, expectGradients, expectNoLeak, normal, values } from './loss-checks.test-util.js';

describe('logCosh', () => {
  it('is log(cosh(yPred - yTrue)) averaged over the last axis, finite for large errors', () => {
    const yt = tf.tensor2d([
      [0, 1],
      [2, -3],
    ]);
    const yp = tf.tensor2d([
      [0.5, -1],
      [2.1, 60],
    ]);
    const lc = (e: number) => Math.log(Math.cosh(e));
    // cosh(63) overflows nothing in float64, but e^63 would in float32: log cosh e = |e| - log 2 + …
    const row0 = (lc(0.5) + lc(-2)) / 2;
    const row1 = (lc(0.1) + (63 - Math.LN2)) / 2;
    expectClose(values(logCosh({ reduction: 'none' }), yt, yp), [row0, row1], 4);
    expectClose(values(logCosh(), yt, yp), [(row0 + row1) / 2], 4);
    tf.dispose([yt, yp]);
  });

  it('gradients (tanh of the error) match central differences', () => {
    const yt = normal(1, [3, 4]);
    const yp = normal(2, [3, 4], 2);
    expectGradients((reduction) => logCosh({ reduction }), yt, yp);
    expectNoLeak(logCosh(), yt, yp);
    tf.dispose([yt, yp]);
  });
});
