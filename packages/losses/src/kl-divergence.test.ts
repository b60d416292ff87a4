import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { klDivergence } from './kl-divergence.js';
import {
  distributions,
  expectClose,
  expectGradients,
  expectNoLeak,
  values,
} from './loss-checks.test-util.js';

/** Σ t·log(t/p) with both clipped to [1e-7, 1], in float64. */
const kl = (t: number[], p: number[]) => {
  const c = (x: number) => Math.min(Math.max(x, 1e-7), 1);
  return t.reduce((s, ti, i) => s + c(ti) * Math.log(c(ti) / c(p[i]!)), 0);
};

describe('klDivergence', () => {
  const t = [
    [0.2, 0.3, 0.5],
    [1, 0, 0],
  ];
  const p = [
    [0.1, 0.6, 0.3],
    [0.7, 0.2, 0.1],
  ];

  it('is Σ t·log(t/p) per sample, with Keras clipping, and 0 for equal distributions', () => {
    const yt = tf.tensor2d(t);
    const yp = tf.tensor2d(p);
    const each = [kl(t[0]!, p[0]!), kl(t[1]!, p[1]!)];
    expectClose(values(klDivergence({ reduction: 'none' }), yt, yp), each);
    expectClose(values(klDivergence(), yt, yp), [(each[0]! + each[1]!) / 2]);
    expectClose(values(klDivergence({ reduction: 'sum' }), yt, yp), [each[0]! + each[1]!]);
    expectClose(values(klDivergence(), yp, yp), [0]);
    // A rank-1 input is one distribution.
    expectClose(values(klDivergence(), tf.tensor1d(t[0]!), tf.tensor1d(p[0]!)), [each[0]!]);
    tf.dispose([yt, yp]);
  });

  it('gradients w.r.t. both distributions match central differences', () => {
    const yt = distributions(1, [3, 4]);
    const yp = distributions(2, [3, 4]);
    expectGradients((reduction) => klDivergence({ reduction }), yt, yp, { step: 1e-4 });
    expectNoLeak(klDivergence(), yt, yp);
    tf.dispose([yt, yp]);
  });

  it('refuses unknown options', () => {
    expect(() => klDivergence({ fromLogits: true } as object)).toThrow(/klDivergence.*fromLogits/);
  });
});
