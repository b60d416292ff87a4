import { disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { applyIfFinite } from './apply-if-finite.js';
import { makeGrads, makeParams, run, runFrom, values } from './optim.test-util.js';

/** Every tensor of a state, by path, as numbers (to compare states value for value). */
function stateValues(v: unknown, path = ''): Record<string, unknown> {
  if (v instanceof tf.Tensor) return { [path]: Array.from(v.dataSync()) };
  if (v !== null && typeof v === 'object') {
    return Object.assign({}, ...Object.entries(v).map(([k, x]) => stateValues(x, `${path}/${k}`)));
  }
  return { [path]: v };
}

describe('applyIfFinite', () => {
  it('skips a planted NaN/Inf step: zero updates, params and inner state unchanged, counted', () => {
    const opt = applyIfFinite(adam({ learningRate: 0.01 }));
    const params0 = makeParams(1);
    const grads = makeGrads(2, 6);
    const clean = grads.slice(0, 3);
    const { params, state } = run(opt, params0, clean);
    const bad: TensorTree = {
      dense: { kernel: tf.fill([3, 2], 1), bias: tf.tensor1d([Number.NaN, 1]) },
      out: tf.tensor1d([0, Number.POSITIVE_INFINITY, 0, 0]),
    };
    const before = tf.memory().numTensors;
    const out = opt.update(bad, state, params);
    expect(
      Object.values(values(out.updates))
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
    expect(out.state).toMatchObject({ notFiniteCount: 1, totalNotFinite: 1, lastFinite: false });
    expect(stateValues(out.state.inner)).toEqual(stateValues(state.inner));
    // The skipped state is a copy: freeing the old one leaves the new one intact.
    disposeTree(state);
    disposeTree(out.updates);
    expect(tf.memory().numTensors).toBe(before);

    // Continuing equals a run that never saw the bad step.
    const after = runFrom(opt, params, out.state, grads.slice(3));
    const reference = run(applyIfFinite(adam({ learningRate: 0.01 })), params0, grads);
    expect(values(after.params)).toEqual(values(reference.params));
    expect(after.state).toMatchObject({ notFiniteCount: 0, totalNotFinite: 1, lastFinite: true });
    [out.state, after, reference, params, params0, bad, ...grads].forEach(disposeTree);
  });

  it('applies anyway after maxConsecutiveErrors bad steps in a row', () => {
    const opt = applyIfFinite(adam(), { maxConsecutiveErrors: 1 });
    const p = { w: tf.zeros([1]) };
    const nan = { w: tf.tensor1d([Number.NaN]) };
    const s0 = opt.init(p);
    const s1 = opt.update(nan, s0, p);
    expect(values(s1.updates).w).toEqual([0]);
    const s2 = opt.update(nan, s1.state, p);
    expect(s2.state.notFiniteCount).toBe(2);
    expect(Number.isNaN(values(s2.updates).w![0])).toBe(true);
    [p, nan, s0, s1, s2].forEach(disposeTree);
    expect(() => applyIfFinite({} as never)).toThrow(/applyIfFinite\(inner\)/);
  });
});
