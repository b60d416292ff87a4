import { createRng, disposeTree, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyUpdates } from './apply-updates.js';
import { disposeState } from './dispose-state.js';
import { type SgdOptions, sgd } from './sgd.js';

function runOurs(options: SgdOptions, init: number[], grads: number[][]): Float32Array {
  const opt = sgd(options);
  let params: TensorTree = { w: tf.tensor1d(init) };
  let state = opt.init(params);
  for (const g of grads) {
    const gt = { w: tf.tensor1d(g) };
    const out = opt.update(gt, state, params);
    const next = applyUpdates(params, out.updates);
    disposeState([gt, out.updates, params, state]);
    params = next;
    state = out.state;
  }
  const result = (params.w as tf.Tensor).dataSync() as Float32Array;
  disposeState([params, state]);
  return result;
}

function runReference(optimizer: tf.Optimizer, init: number[], grads: number[][]): Float32Array {
  const v = tf.variable(tf.tensor1d(init), true, `sgd_ref_${Math.random()}`);
  for (const g of grads) {
    const gt = tf.tensor1d(g);
    optimizer.applyGradients({ [v.name]: gt });
    gt.dispose();
  }
  const out = v.dataSync() as Float32Array;
  v.dispose();
  optimizer.dispose();
  return out;
}

describe('sgd', () => {
  const rng = createRng(7);
  const init = Array.from(randomNormal(rng, [5]).dataSync());
  const grads = Array.from({ length: 8 }, () => Array.from(randomNormal(rng, [5]).dataSync()));

  it('matches tf.train.sgd, tf.train.momentum and Nesterov momentum over 8 steps', () => {
    const cases: [SgdOptions, () => tf.Optimizer][] = [
      [{ learningRate: 0.1 }, () => tf.train.sgd(0.1)],
      [{ learningRate: 0.1, momentum: 0.9 }, () => tf.train.momentum(0.1, 0.9)],
      [{ learningRate: 0.05, momentum: 0.8, nesterov: true }, () => tf.train.momentum(0.05, 0.8, true)],
    ];
    for (const [ours, ref] of cases) {
      // Counted around our run only: tfjs-core's MomentumOptimizer.dispose leaves its -lr scalar behind.
      const before = tf.memory().numTensors;
      const a = runOurs(ours, init, grads);
      expect(tf.memory().numTensors).toBe(before);
      const b = runReference(ref(), init, grads);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
      // The params moved: a no-op would not match the reference by accident.
      expect(Math.abs(a[0]! - init[0]!)).toBeGreaterThan(1e-3);
    }
  });

  it('matches a hand computation of two momentum and Nesterov steps', () => {
    // Heavy ball: t1 = g1, p1 = p0 − lr·t1; t2 = g2 + μ·t1, p2 = p1 − lr·t2.
    const lr = 0.1;
    const mu = 0.5;
    const [p0, g1, g2] = [1, 2, -4];
    const t1 = g1;
    const t2 = g2 + mu * t1;
    expect(runOurs({ learningRate: lr, momentum: mu }, [p0], [[g1], [g2]])[0]).toBeCloseTo(
      p0 - lr * t1 - lr * t2,
      6,
    );
    // Nesterov: the step uses g + μ·t instead of t.
    const expected = p0 - lr * (g1 + mu * t1) - lr * (g2 + mu * t2);
    expect(runOurs({ learningRate: lr, momentum: mu, nesterov: true }, [p0], [[g1], [g2]])[0]).toBeCloseTo(
      expected,
      6,
    );
  });

  it('applies a schedule by step', () => {
    // Plain SGD with lr(step) = 1/(step+1) and constant gradient 1: p = −(1 + 1/2 + 1/3).
    const out = runOurs({ learningRate: (s) => 1 / (s + 1) }, [0], [[1], [1], [1]]);
    expect(out[0]).toBeCloseTo(-(1 + 1 / 2 + 1 / 3), 6);
  });

  it('rejects Nesterov without momentum and a negative rate', () => {
    expect(() => sgd({ learningRate: 0.1, nesterov: true })).toThrow(/sgd\(\{nesterov\}\): .*set momentum/);
    expect(() => sgd({ learningRate: -0.1 })).toThrow(/sgd\(\{learningRate\}\)/);
    expect(() => sgd({ learningRate: 0.1, momentum: -1 })).toThrow(/sgd\(\{momentum\}\)/);
  });

  it('without momentum keeps no tensors in its state', () => {
    const opt = sgd({ learningRate: 0.1 });
    const params = { w: tf.zeros([3]) };
    const before = tf.memory().numTensors;
    const state = opt.init(params);
    expect(tf.memory().numTensors).toBe(before);
    expect(state).toEqual([{ count: 0 }]);
    disposeTree(params);
  });
});
