import { createRng, disposeTree, flattenTree, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { applyUpdates } from './apply-updates.js';
import { disposeState } from './dispose-state.js';
import { referenceRun } from './optim.test-util.js';

const shapes = { dense: { kernel: [3, 2], bias: [2] }, out: [4] } as const;

function makeParams(seed: number): TensorTree {
  const rng = createRng(seed);
  return {
    dense: { kernel: randomNormal(rng, [3, 2]), bias: randomNormal(rng, [2]) },
    out: randomNormal(rng, [4]),
  };
}

/** Gradients for `steps` steps, fixed by the seed, as trees of the params' structure. */
function makeGrads(seed: number, steps: number): TensorTree[] {
  const rng = createRng(seed);
  return Array.from({ length: steps }, () => ({
    dense: { kernel: randomNormal(rng, [...shapes.dense.kernel]), bias: randomNormal(rng, [2], 0, 3) },
    out: randomNormal(rng, [4], 0, 0.01),
  }));
}

/** Runs tfjs-core's own optimizer on variables holding the same initial values. */

describe('adam', () => {
  it('matches tfjs-core tf.train.adam over 10 steps (defaults and custom betas/eps)', () => {
    const cases: { ours: Parameters<typeof adam>[0]; ref: () => tf.Optimizer }[] = [
      // tfjs takes eps from the backend (1e-7 on cpu): this checks our default equals it.
      { ours: {}, ref: () => tf.train.adam(1e-3) },
      {
        ours: { learningRate: 0.05, b1: 0.8, b2: 0.99, eps: 1e-4 },
        ref: () => tf.train.adam(0.05, 0.8, 0.99, 1e-4),
      },
    ];
    for (const { ours, ref } of cases) {
      const params0 = makeParams(1);
      const grads = makeGrads(2, 10);
      const expected = referenceRun(ref(), params0, grads);
      // Counted from here: tfjs-core's own optimizers keep a few scalars of their own.
      const before = tf.memory().numTensors;

      const opt = adam(ours);
      let params = makeParams(1);
      let state = opt.init(params);
      for (const g of grads) {
        const out = opt.update(g, state, params);
        const next = applyUpdates(params, out.updates);
        disposeTree(out.updates);
        disposeTree(params);
        disposeState(state);
        params = next;
        state = out.state;
      }
      const actual = flattenTree(params);
      for (const [k, v] of Object.entries(expected)) {
        const got = actual[k]!.dataSync();
        for (let i = 0; i < v.length; i++) expect(Math.abs(got[i]! - v[i]!)).toBeLessThan(1e-6);
      }
      // The parameters moved (a no-op optimizer would not pass the comparison by accident).
      const moved = Math.abs(actual.out!.dataSync()[0]! - flattenTree(params0).out!.dataSync()[0]!);
      expect(moved).toBeGreaterThan(1e-4);
      expect(state[0].count).toBe(10);
      expect(state[1].count).toBe(10);
      disposeTree(params);
      disposeState(state);
      expect(tf.memory().numTensors).toBe(before);
      disposeTree(params0);
      grads.forEach(disposeTree);
    }
  });

  it('first step is -lr·g/(|g|+eps) (bias-corrected moments equal g and g²)', () => {
    const lr = 0.01;
    const g = [3, -0.5, 1e-3, 0];
    const opt = adam({ learningRate: lr });
    const params = { w: tf.zeros([4]) };
    const state = opt.init(params);
    const grads = { w: tf.tensor1d(g) };
    const out = opt.update(grads, state, params);
    const got = (out.updates.w as tf.Tensor).dataSync();
    g.forEach((gi, i) => {
      expect(got[i]!).toBeCloseTo((-lr * gi) / (Math.abs(gi) + 1e-7), 7);
    });
    tf.dispose([params.w, grads.w]);
    disposeTree(out.updates);
    disposeState([state, out.state]);
  });

  it('takes the learning rate from a schedule at each step', () => {
    // With a constant gradient m̂ = g and v̂ = g² at every step, so each update is -lr(step)·sign(g).
    const opt = adam({ learningRate: (step) => 0.1 / (step + 1) });
    const params = { w: tf.zeros([1]) };
    let state = opt.init(params);
    const grads = { w: tf.tensor1d([2]) };
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const out = opt.update(grads, state, params);
      seen.push((out.updates.w as tf.Tensor).dataSync()[0]!);
      disposeTree(out.updates);
      disposeState(state);
      state = out.state;
    }
    seen.forEach((u, step) => {
      expect(u).toBeCloseTo(-0.1 / (step + 1), 6);
    });
    tf.dispose([params.w, grads.w]);
    disposeState(state);
  });

  it('minimises a quadratic: converges to the minimiser of ½(x−c)ᵀA(x−c)', () => {
    // A = diag(1, 10) (condition number 10), c = (3, -2); gradient A(x − c), computed by hand.
    const A = tf.tensor1d([1, 10]);
    const c = tf.tensor1d([3, -2]);
    const opt = adam({ learningRate: 0.05 });
    let params: TensorTree = { x: tf.zeros([2]) };
    let state = opt.init(params);
    for (let i = 0; i < 1000; i++) {
      const grads = { x: tf.tidy(() => tf.mul(A, tf.sub(params.x as tf.Tensor, c))) };
      const out = opt.update(grads, state, params);
      const next = applyUpdates(params, out.updates);
      disposeTree(grads);
      disposeTree(out.updates);
      disposeTree(params);
      disposeState(state);
      params = next;
      state = out.state;
    }
    const x = (params.x as tf.Tensor).dataSync();
    expect(x[0]).toBeCloseTo(3, 3);
    expect(x[1]).toBeCloseTo(-2, 3);
    tf.dispose([A, c]);
    disposeTree(params);
    disposeState(state);
  });

  it('leaks nothing over 100 updates when the caller disposes what it replaces', () => {
    const opt = adam();
    let params = makeParams(3);
    let state = opt.init(params);
    const grads = makeGrads(4, 1)[0]!;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const out = opt.update(grads, state, params);
      const next = applyUpdates(params, out.updates);
      disposeTree(out.updates);
      disposeTree(params);
      disposeState(state);
      params = next;
      state = out.state;
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
    disposeTree(grads);
    disposeState(state);
  });

  it('rejects bad options with labelled errors', () => {
    expect(() => adam({ learningRate: -1 })).toThrow(/adam\(\{learningRate\}\).*≥ 0/);
    expect(() => adam({ b1: 1 })).toThrow(/scaleByAdam\(\{b1\}\): must be < 1/);
    expect(() => adam({ lr: 0.1 } as never)).toThrow(/adam: unknown option 'lr'/);
  });
});
