import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeState } from './dispose-state.js';
import { scaleBySchedule } from './scale-by-schedule.js';

describe('scaleBySchedule', () => {
  it('multiplies by schedule(count) and counts steps', () => {
    const t = scaleBySchedule((step) => step - 1);
    let state = t.init({});
    const grads = { w: tf.tensor1d([3]) };
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const out = t.update(grads, state);
      got.push((out.updates.w as tf.Tensor).dataSync()[0]!);
      disposeState(out.updates);
      state = out.state;
    }
    expect(got).toEqual([-3, 0, 3]);
    disposeState(grads);
  });

  it('rejects a non-function and a non-finite factor', () => {
    expect(() => scaleBySchedule(0.1 as never)).toThrow(/scaleBySchedule\(schedule\): must be a function/);
    const t = scaleBySchedule(() => Number.POSITIVE_INFINITY);
    const grads = { w: tf.ones([1]) };
    expect(() => t.update(grads, t.init({}))).toThrow(/schedule\(0\) returned Infinity/);
    disposeState(grads);
  });
});
