import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeState } from './dispose-state.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

describe('scaleByLearningRate', () => {
  it('multiplies by −lr, with lr from a schedule evaluated at steps 0, 1, 2, ...', () => {
    const steps: number[] = [];
    const t = scaleByLearningRate((step) => {
      steps.push(step);
      return 0.5 ** step;
    });
    let state = t.init({});
    const grads = { w: tf.tensor1d([4, -8]) };
    for (let i = 0; i < 3; i++) {
      const out = t.update(grads, state);
      const got = Array.from((out.updates.w as tf.Tensor).dataSync());
      expect(got).toEqual([-4 * 0.5 ** i, 8 * 0.5 ** i]);
      disposeState(out.updates);
      state = out.state;
    }
    expect(steps).toEqual([0, 1, 2]);
    expect(state.count).toBe(3);
    disposeState(grads);
  });

  it('multiplies by +lr with flipSign false', () => {
    const t = scaleByLearningRate(0.25, { flipSign: false });
    const grads = { w: tf.tensor1d([4]) };
    const out = t.update(grads, t.init({}));
    expect((out.updates.w as tf.Tensor).dataSync()[0]).toBe(1);
    disposeState([grads, out.updates]);
  });

  it('rejects a negative rate up front and a bad scheduled rate at its step', () => {
    expect(() => scaleByLearningRate(-1)).toThrow(
      /scaleByLearningRate\(learningRate\): got -1; a rate must be/,
    );
    const t = scaleByLearningRate((step) => (step < 1 ? 0.1 : Number.NaN));
    const grads = { w: tf.ones([1]) };
    const first = t.update(grads, t.init({}));
    expect(() => t.update(grads, first.state)).toThrow(/schedule\(1\) returned NaN/);
    disposeState([grads, first.updates]);
  });
});
