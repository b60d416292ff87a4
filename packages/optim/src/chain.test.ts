import { disposeTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chain } from './chain.js';
import { disposeState } from './dispose-state.js';
import { scale } from './scale.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { traceMomentum } from './trace-momentum.js';

describe('chain', () => {
  it('feeds each transformation the previous updates and keeps the tuple of states', () => {
    // trace(0.5) then ×2 then ×(−0.1): updates = −0.2·t, with t = g + 0.5·t (by hand).
    const opt = chain(traceMomentum({ decay: 0.5 }), scale(2), scaleByLearningRate(0.1));
    let state = opt.init({ w: tf.zeros([1]) });
    let t = 0;
    for (const g of [1, 3]) {
      const grads = { w: tf.tensor1d([g]) };
      const out = opt.update(grads, state);
      t = g + 0.5 * t;
      expect((out.updates.w as tf.Tensor).dataSync()[0]).toBeCloseTo(-0.2 * t, 6);
      disposeState([grads, out.updates, state]);
      state = out.state;
    }
    expect(state[2].count).toBe(2);
    expect((state[0].trace.w as tf.Tensor).dataSync()[0]).toBeCloseTo(t, 6);
    disposeState(state);
  });

  it('frees intermediate updates: only the final updates and new state remain', () => {
    const opt = chain(traceMomentum({ decay: 0.9 }), scale(2), scale(3));
    const params = { w: tf.zeros([4]), b: tf.zeros([2]) };
    let state = opt.init(params);
    const grads = { w: tf.ones([4]), b: tf.ones([2]) };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const out = opt.update(grads, state, params);
      // 2 update leaves + 2 trace leaves are new; the old trace is the caller's to free.
      expect(tf.memory().numTensors).toBe(before + 4);
      disposeTree(out.updates);
      disposeState(state);
      state = out.state;
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeState([params, grads, state]);
  });

  it('an empty chain returns copies the caller owns, not the gradients', () => {
    const opt = chain();
    const grads: TensorTree = { w: tf.tensor1d([1, 2]) };
    const out = opt.update(grads, opt.init(grads));
    expect(out.updates.w).not.toBe(grads.w);
    disposeTree(grads);
    expect(Array.from((out.updates.w as tf.Tensor).dataSync())).toEqual([1, 2]);
    disposeTree(out.updates);
  });
});
