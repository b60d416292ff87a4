import { disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chain } from './chain.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { makeGrads, makeParams, run, values } from './optim.test-util.js';
import { sgd } from './sgd.js';

function globalNorm(tree: TensorTree): number {
  return Math.sqrt(Object.values(values(tree)).reduce((s, v) => s + v.reduce((a, x) => a + x * x, 0), 0));
}

describe('clipByGlobalNorm', () => {
  it('keeps the global norm ≤ max on every step, scaling every leaf by one factor (closed form)', () => {
    const clip = clipByGlobalNorm(1.5);
    const grads = makeGrads(7, 30);
    let clipped = 0;
    for (const g of grads) {
      const { updates } = clip.update(g, clip.init(g));
      const n = globalNorm(g);
      const factor = 1.5 / Math.max(n, 1.5);
      expect(globalNorm(updates)).toBeLessThanOrEqual(1.5 * (1 + 1e-6));
      if (n > 1.5) clipped++;
      const got = values(updates);
      for (const [k, v] of Object.entries(values(g))) {
        v.forEach((x, i) => {
          expect(got[k]![i]!).toBeCloseTo(x * factor, 6);
        });
      }
      disposeTree(updates);
    }
    // The draws have norms ~ 5: most steps are clipped, so the bound is exercised.
    expect(clipped).toBeGreaterThan(20);
    grads.forEach(disposeTree);
  });

  it('chained before sgd, every step moves the params by at most lr·max', () => {
    const opt = chain(clipByGlobalNorm(1), sgd({ learningRate: 0.1 }));
    const params0 = makeParams(1);
    const grads = makeGrads(2, 10);
    let state = opt.init(params0);
    for (const g of grads) {
      const out = opt.update(g, state, params0);
      expect(globalNorm(out.updates)).toBeLessThanOrEqual(0.1 * (1 + 1e-6));
      expect(globalNorm(out.updates)).toBeGreaterThan(0.099);
      disposeTree(out.updates);
      disposeTree(state);
      state = out.state;
    }
    disposeTree(state);
    [params0, ...grads].forEach(disposeTree);
  });

  it('leaks nothing and rejects a non-positive bound', () => {
    const params0 = makeParams(1);
    const grads = makeGrads(2, 4);
    const before = tf.memory().numTensors;
    const { params, state } = run(clipByGlobalNorm(1), params0, grads);
    disposeTree(params);
    disposeTree(state);
    expect(tf.memory().numTensors).toBe(before);
    [params0, ...grads].forEach(disposeTree);
    expect(() => clipByGlobalNorm(0)).toThrow(/clipByGlobalNorm\(maxNorm\): must be a number > 0, got 0/);
  });
});
