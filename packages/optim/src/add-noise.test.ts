import { createRng, disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { addNoise } from './add-noise.js';

describe('addNoise', () => {
  it('adds zero-mean noise of variance eta/(1+t)^gamma (Neelakantan et al. 2015), step by step', () => {
    const eta = 0.3;
    const gamma = 0.55;
    const t = addNoise({ eta, gamma, seed: 7 });
    const grads = { w: tf.fill([20000], 2) };
    let state = t.init(grads);
    for (let step = 0; step < 4; step++) {
      const out = t.update(grads, state);
      const noise = Array.from((out.updates.w as tf.Tensor).dataSync(), (x) => x - 2);
      const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
      const variance = noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length;
      const expected = eta / (1 + step) ** gamma;
      // Sample variance of n normals has relative standard error √(2/n) = 1%: allow 4%.
      expect(Math.abs(variance / expected - 1)).toBeLessThan(0.04);
      expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expected / noise.length));
      disposeTree(out.updates);
      state = out.state;
    }
    expect(state.count).toBe(4);
    disposeTree(grads);
  });

  it('is reproducible: the same seed (or a restored state) gives the same noise; seeds differ', () => {
    const grads = { w: tf.zeros([64]) };
    const draw = (seed: number, steps: number) => {
      const t = addNoise({ seed });
      let state = t.init(grads);
      let last: number[] = [];
      for (let i = 0; i < steps; i++) {
        const out = t.update(grads, state);
        last = Array.from((out.updates.w as tf.Tensor).dataSync());
        disposeTree(out.updates);
        state = out.state;
      }
      return { last, state };
    };
    expect(draw(1, 3).last).toEqual(draw(1, 3).last);
    expect(draw(1, 3).last).not.toEqual(draw(2, 3).last);
    // The state is two numbers: continuing from a copy of step 2's state gives step 3's noise.
    const two = draw(1, 2).state;
    const t = addNoise({ seed: 1 });
    const out = t.update(grads, JSON.parse(JSON.stringify(two)));
    expect(Array.from((out.updates.w as tf.Tensor).dataSync())).toEqual(draw(1, 3).last);
    // An Rng seeds it as well, and is read once.
    const a = addNoise({ seed: createRng(5) });
    const b = addNoise({ seed: createRng(5) });
    expect(a.init(grads)).toEqual(b.init(grads));
    const before = tf.memory().numTensors;
    disposeTree(out.updates);
    expect(tf.memory().numTensors).toBe(before - 1);
    disposeTree(grads);
    expect(() => addNoise({ seed: 0.5 })).toThrow(/addNoise\(\{seed\}\)/);
    expect(() => addNoise({} as never)).toThrow(/addNoise\(\{seed\}\)/);
  });
});
