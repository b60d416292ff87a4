import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeState } from './dispose-state.js';
import { scale } from './scale.js';

describe('scale', () => {
  it('multiplies every leaf by the factor and keeps no state', () => {
    const t = scale(-3);
    const grads = { a: tf.tensor1d([1, 2]), b: { c: tf.scalar(0.5) } };
    const out = t.update(grads, t.init(grads));
    expect(Array.from((out.updates.a as tf.Tensor).dataSync())).toEqual([-3, -6]);
    expect(((out.updates.b as Record<string, tf.Tensor>).c as tf.Tensor).dataSync()[0]).toBe(-1.5);
    expect(out.state).toEqual({});
    disposeState([grads, out.updates]);
    expect(() => scale(Number.NaN)).toThrow(/scale\(factor\): must be a finite number/);
  });
});
