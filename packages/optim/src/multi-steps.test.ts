import { createRng, disposeTree, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { multiSteps } from './multi-steps.js';
import { maxRelError, run, values } from './optim.test-util.js';
import { sgd } from './sgd.js';

/**
 * The gradient of the mean squared error of a linear model y ≈ x·w + b over the n rows given, in
 * closed form: r = x·w + b − y, ∂/∂w = (2/n)·xᵀr, ∂/∂b = (2/n)·Σr.
 */
function mseGrads(params: TensorTree, x: tf.Tensor2D, y: tf.Tensor2D): TensorTree {
  return tf.tidy(() => {
    const n = x.shape[0];
    const r = tf.sub(tf.add(tf.matMul(x, params.w as tf.Tensor2D), params.b as tf.Tensor), y);
    return { w: tf.mul(tf.matMul(x, r, true), 2 / n), b: tf.mul(tf.sum(r, 0), 2 / n) };
  });
}

describe('multiSteps', () => {
  it('with k = 4 equals one step on a batch 4× larger (sgd, within 1e-6), emitting zeros between', () => {
    const rng = createRng(11);
    const x = randomNormal(rng, [32, 3]) as tf.Tensor2D;
    const y = randomNormal(rng, [32, 1]) as tf.Tensor2D;
    const params = { w: randomNormal(rng, [3, 1]), b: tf.zeros([1]) };
    const quarters = [0, 8, 16, 24].map((i) =>
      mseGrads(params, tf.slice(x, [i, 0], [8, 3]), tf.slice(y, [i, 0], [8, 1])),
    );
    const big = mseGrads(params, x, y);

    const opt = multiSteps(sgd({ learningRate: 0.1 }), { everyK: 4 });
    let state = opt.init(params);
    const emitted: Record<string, number[]>[] = [];
    for (const g of quarters) {
      const out = opt.update(g, state, params);
      emitted.push(values(out.updates));
      disposeTree(out.updates);
      disposeTree(state);
      state = out.state;
    }
    for (const e of emitted.slice(0, 3))
      expect(
        Object.values(e)
          .flat()
          .every((v) => v === 0),
      ).toBe(true);
    const expected = Object.fromEntries(
      Object.entries(values(big)).map(([k, v]) => [k, v.map((g) => -0.1 * g)]),
    );
    expect(maxRelError(emitted[3]!, expected)).toBeLessThan(1e-6);
    expect(state.miniStep).toBe(0);
    [state, big, params, x, y, ...quarters].forEach(disposeTree);
  });

  it('multiSteps(adam, 2) over 8 gradients equals adam over their 4 pairwise means', () => {
    const rng = createRng(5);
    const grads = Array.from({ length: 8 }, () => ({ w: randomNormal(rng, [5]) }));
    const means = [0, 2, 4, 6].map((i) => ({ w: tf.div(tf.add(grads[i]!.w, grads[i + 1]!.w), 2) }));
    const p0 = { w: randomNormal(rng, [5]) };
    const before = tf.memory().numTensors;
    const a = run(multiSteps(adam({ learningRate: 0.1 }), { everyK: 2 }), p0, grads);
    const b = run(adam({ learningRate: 0.1 }), p0, means);
    expect(maxRelError(values(a.params), values(b.params))).toBeLessThan(1e-6);
    expect(a.state.inner[0].count).toBe(4);
    [a, b].forEach(disposeTree);
    expect(tf.memory().numTensors).toBe(before);
    [p0, ...grads, ...means].forEach(disposeTree);
    expect(() => multiSteps(sgd({ learningRate: 1 }), { everyK: 0 })).toThrow(/multiSteps\(\{everyK\}\)/);
  });
});
