import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeState } from './dispose-state.js';
import { scaleByAdam } from './scale-by-adam.js';

describe('scaleByAdam', () => {
  it('follows the bias-corrected recursion, checked by hand over three steps', () => {
    const b1 = 0.5;
    const b2 = 0.75;
    const eps = 0.01;
    const t = scaleByAdam({ b1, b2, eps });
    const gs = [2, -1, 4];
    let state = t.init({ w: tf.zeros([1]) });
    let m = 0;
    let v = 0;
    gs.forEach((g, i) => {
      const grads = { w: tf.tensor1d([g]) };
      const out = t.update(grads, state);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const step = i + 1;
      const expected = m / (1 - b1 ** step) / (Math.sqrt(v / (1 - b2 ** step)) + eps);
      expect((out.updates.w as tf.Tensor).dataSync()[0]).toBeCloseTo(expected, 6);
      expect((out.state.mu.w as tf.Tensor).dataSync()[0]).toBeCloseTo(m, 6);
      expect((out.state.nu.w as tf.Tensor).dataSync()[0]).toBeCloseTo(v, 6);
      expect(out.state.count).toBe(step);
      disposeTree(grads);
      disposeTree(out.updates);
      disposeState(state);
      state = out.state;
    });
    disposeState(state);
  });

  it('returns new tensors and leaves the old state intact', () => {
    const t = scaleByAdam();
    const state = t.init({ w: tf.zeros([2]) });
    const grads = { w: tf.ones([2]) };
    const out = t.update(grads, state);
    expect((state.mu.w as tf.Tensor).isDisposed).toBe(false);
    expect(Array.from((state.mu.w as tf.Tensor).dataSync())).toEqual([0, 0]);
    expect(out.state.mu.w).not.toBe(state.mu.w);
    disposeState([state, out.state, grads, out.updates]);
  });

  it('names the key when gradients and state differ', () => {
    const t = scaleByAdam();
    const state = t.init({ w: tf.zeros([2]) });
    const grads = { v: tf.ones([2]) };
    const wrongShape = { w: tf.ones([3]) };
    expect(() => t.update(grads, state)).toThrow(/scaleByAdam: 'v' is in grads but not in state.mu/);
    expect(() => t.update(wrongShape, state)).toThrow(/scaleByAdam: 'w' has shape \[3\] in grads but \[2\]/);
    disposeState([state, grads, wrongShape]);
  });
});
