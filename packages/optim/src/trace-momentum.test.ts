import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeState } from './dispose-state.js';
import { traceMomentum } from './trace-momentum.js';

describe('traceMomentum', () => {
  it('accumulates t = g + decay·t and emits t, or g + decay·t with nesterov (by hand)', () => {
    const gs = [1, 1, -2];
    for (const nesterov of [false, true]) {
      const m = traceMomentum({ decay: 0.9, nesterov });
      let state = m.init({ w: tf.zeros([1]) });
      let t = 0;
      for (const g of gs) {
        const grads = { w: tf.tensor1d([g]) };
        const out = m.update(grads, state);
        t = g + 0.9 * t;
        const expected = nesterov ? g + 0.9 * t : t;
        expect((out.updates.w as tf.Tensor).dataSync()[0]).toBeCloseTo(expected, 6);
        expect((out.state.trace.w as tf.Tensor).dataSync()[0]).toBeCloseTo(t, 6);
        // The updates never alias the state: disposing one leaves the other usable.
        disposeState([grads, out.updates, state]);
        expect((out.state.trace.w as tf.Tensor).isDisposed).toBe(false);
        state = out.state;
      }
      disposeState(state);
    }
  });
});
