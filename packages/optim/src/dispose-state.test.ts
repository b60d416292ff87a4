import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { disposeState } from './dispose-state.js';

describe('disposeState', () => {
  it('frees every tensor of a nested optimizer state, skipping ones already freed', () => {
    const before = tf.memory().numTensors;
    const params = { a: tf.zeros([2]), b: { c: tf.zeros([3]) } };
    const state = adam().init(params);
    // Adam keeps two moments per param.
    expect(tf.memory().numTensors).toBe(before + 2 + 4);
    (state[0].mu.a as tf.Tensor).dispose();
    disposeState(state);
    disposeState(state);
    expect(tf.memory().numTensors).toBe(before + 2);
    disposeState(params);
    expect(tf.memory().numTensors).toBe(before);
  });
});
