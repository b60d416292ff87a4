// Test helper (not part of the package): the cpu-vs-wasm check every normalization layer passes.
import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { createRng, flattenTree, type Layer, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { values } from './recurrent-reference.test-util.js';
import { expectClose } from './reference.test-util.js';

/** Output and gradients (input, then params) on `shape`, as plain arrays, in training mode. */
function run(make: () => Layer, shape: number[], training: boolean): number[][] {
  return tf.tidy(() => {
    const layer = make();
    const init = layer.init(createRng(1), [null, ...shape.slice(1)]);
    const flat = flattenTree(init.params);
    // Non-trivial params, the same on every backend.
    const ps = Object.values(flat).map((p, i) => tf.tensor(values(p.size, 20 + i), p.shape));
    const names = Object.keys(flat);
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(values(size, 3, 2), shape);
    const f = (xi: tf.Tensor, ...p: tf.Tensor[]) =>
      layer.apply(unflattenTree(Object.fromEntries(names.map((n, i) => [n, p[i]!]))), xi, {
        training,
        state: init.state,
      }).y;
    const y = f(x, ...ps);
    const dy = tf.tensor(values(y.size, 4), y.shape);
    const grads = tf.grads(f)([x, ...ps], dy);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

export function normParitySuite(cases: [string, () => Layer, number[], boolean][]): void {
  describe('the same forward and gradients on wasm as on cpu (stock kernels)', () => {
    afterAll(async () => {
      await useBackend('cpu');
    });
    it.each(cases)('%s', async (_, make, shape, training) => {
      await useBackend('cpu');
      unregisterTrainingKernels({ backend: 'cpu' });
      const want = run(make, shape, training);
      await useBackend('wasm');
      expect(tf.getBackend()).toBe('wasm');
      const got = run(make, shape, training);
      got.forEach((v, i) => {
        expectClose(v, want[i]!, 1e-4);
      });
    });
  });
}
