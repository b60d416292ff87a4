import { ADAM_MOMENTS_KERNEL, type AdamMomentsAttrs, disposeTree } from '@strata/core';
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

  it('runs the fused ADAM_MOMENTS_KERNEL once per parameter when the backend has it, with the same result', () => {
    // A reference implementation of the kernel's contract, in double precision, stands in for the
    // one @strata/backends registers (which this package cannot depend on).
    const calls: number[][] = [];
    tf.registerKernel({
      kernelName: ADAM_MOMENTS_KERNEL,
      backendName: 'cpu',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const cpu = backend as unknown as {
          readSync(id: unknown): Float32Array;
          makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
        };
        const [g, m, v] = [inputs.g!, inputs.m!, inputs.v!].map((t) => cpu.readSync(t.dataId));
        const a = attrs as unknown as AdamMomentsAttrs;
        const mo = g!.map((gi, i) => m![i]! * a.b1 + gi * (1 - a.b1));
        const vo = g!.map((gi, i) => v![i]! * a.b2 + gi * gi * (1 - a.b2));
        const uo = mo.map((mi, i) => mi / a.c1 / (Math.sqrt(vo[i]! / a.c2) + a.eps));
        calls.push([...inputs.g!.shape]);
        const shape = [...inputs.g!.shape];
        return [mo, vo, uo].map((values) => cpu.makeTensorInfo(shape, 'float32', values));
      },
    });
    try {
      const run = () => {
        const t = scaleByAdam({ b1: 0.8, b2: 0.9, eps: 1e-3 });
        const params = { w: tf.zeros([2, 3]), b: tf.zeros([3]) };
        let state = t.init(params);
        const grads = { w: tf.tensor2d([0.5, -1, 2, 0, 3, -0.25], [2, 3]), b: tf.tensor1d([1, -2, 0.5]) };
        let last: number[] = [];
        for (let step = 0; step < 3; step++) {
          const out = t.update(grads, state);
          last = [...(out.updates.w as tf.Tensor).dataSync(), ...(out.updates.b as tf.Tensor).dataSync()];
          disposeState([state, out.updates]);
          state = out.state;
        }
        const moments = [...(state.mu.w as tf.Tensor).dataSync(), ...(state.nu.b as tf.Tensor).dataSync()];
        disposeState([state, grads, params]);
        return [...last, ...moments];
      };
      const before = tf.memory().numTensors;
      const fused = run();
      expect(calls).toEqual([[2, 3], [3], [2, 3], [3], [2, 3], [3]]);
      expect(tf.memory().numTensors).toBe(before);
      tf.unregisterKernel(ADAM_MOMENTS_KERNEL, 'cpu');
      const composite = run();
      expect(calls).toHaveLength(6);
      for (const [i, x] of fused.entries()) expect(x).toBeCloseTo(composite[i]!, 6);
    } finally {
      if (tf.getKernel(ADAM_MOMENTS_KERNEL, 'cpu')) tf.unregisterKernel(ADAM_MOMENTS_KERNEL, 'cpu');
    }
  });

  it('amsgrad divides by the running maximum of the raw second moment (hand-checked where v falls)', () => {
    const t = scaleByAdam({ b1: 0.5, b2: 0.5, eps: 0.01, amsgrad: true });
    let state = t.init({ w: tf.zeros([1]) });
    let m = 0;
    let v = 0;
    let vMax = 0;
    [4, 0.1, 0.1].forEach((g, i) => {
      const grads = { w: tf.tensor1d([g]) };
      const out = t.update(grads, state);
      m = 0.5 * m + 0.5 * g;
      v = 0.5 * v + 0.5 * g * g;
      vMax = Math.max(vMax, v);
      const step = i + 1;
      const expected = m / (1 - 0.5 ** step) / (Math.sqrt(vMax / (1 - 0.5 ** step)) + 0.01);
      expect((out.updates.w as tf.Tensor).dataSync()[0]).toBeCloseTo(expected, 5);
      expect((out.state.nuMax!.w as tf.Tensor).dataSync()[0]).toBeCloseTo(vMax, 5);
      disposeState([grads, out.updates, state]);
      state = out.state;
    });
    // v fell from 8 to about 4: the maximum held.
    expect(vMax).toBe(8);
    expect(v).toBeLessThan(4.1);
    disposeState(state);
    const plain = scaleByAdam().init({ w: tf.zeros([1]) });
    expect(() => scaleByAdam({ amsgrad: true }).update({ w: tf.zeros([1]) }, plain)).toThrow(
      /scaleByAdam\(\{amsgrad\}\): the state has no nuMax/,
    );
    disposeState(plain);
  });

  it('nesterov looks one step ahead in the first moment (Dozat 2016, hand-checked)', () => {
    const t = scaleByAdam({ b1: 0.5, b2: 0.75, eps: 0.01, nesterov: true });
    let state = t.init({ w: tf.zeros([1]) });
    let m = 0;
    let v = 0;
    [2, -1, 4].forEach((g, i) => {
      const grads = { w: tf.tensor1d([g]) };
      const out = t.update(grads, state);
      m = 0.5 * m + 0.5 * g;
      v = 0.75 * v + 0.25 * g * g;
      const step = i + 1;
      const mHat = (0.5 * m) / (1 - 0.5 ** (step + 1)) + (0.5 * g) / (1 - 0.5 ** step);
      expect((out.updates.w as tf.Tensor).dataSync()[0]).toBeCloseTo(
        mHat / (Math.sqrt(v / (1 - 0.75 ** step)) + 0.01),
        5,
      );
      disposeState([grads, out.updates, state]);
      state = out.state;
    });
    disposeState(state);
  });
});
