import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allGradients } from './all-gradients.js';
import { registerGradients } from './register-gradients.js';

// Each test file runs in its own process, so tfjs-core's gradient registry starts empty here (its
// Node build registers none) and the tests below run in order against the same registry.
describe('registerGradients', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('has one config per kernel', () => {
    const names = allGradients.map((c) => c.kernelName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('starts from a registry without gradients (the plain-Node tfjs-core build)', () => {
    expect(allGradients.filter((c) => tf.getGradient(c.kernelName) !== undefined)).toEqual([]);
    tf.tidy(() => {
      expect(() => tf.grad((x: tf.Tensor) => tf.div(x, 2))(tf.scalar(1))).toThrow(/RealDiv/);
    });
  });

  it('registers only kernels that have no gradient, leaving existing ones alone and warning nothing', () => {
    // Stand-in for a gradient registered by someone else (tfjs's own under a bundler, or a user's).
    const theirs: tf.GradConfig = {
      kernelName: tf.RealDiv,
      gradFunc: (dy) => ({ a: () => tf.clone(dy as tf.Tensor) }),
    };
    tf.registerGradient(theirs);
    const warn = vi.spyOn(console, 'warn');

    const added = registerGradients();

    expect(added).toEqual(allGradients.map((c) => c.kernelName).filter((k) => k !== tf.RealDiv));
    expect(tf.getGradient(tf.RealDiv)).toBe(theirs);
    for (const config of allGradients.filter((c) => c.kernelName !== tf.RealDiv)) {
      expect(tf.getGradient(config.kernelName)).toBe(config);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('registers nothing the second time', () => {
    expect(registerGradients()).toEqual([]);
  });

  it('fills in a kernel whose gradient was removed, and then gradients work: d(x²/2)/dx = x', () => {
    tf.unregisterGradient(tf.RealDiv);
    expect(registerGradients()).toEqual([tf.RealDiv]);
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1, -2, 3]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.div(tf.square(t), 2)))(x);
    expect(Array.from(dx.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([x, dx]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
