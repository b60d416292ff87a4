import { useBackend } from '@strata/backends';
import { createRng, flattenTree, type Layer, randomNormal, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avgPool2d } from './avg-pool2d.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { maxPool2d } from './max-pool2d.js';
import { sequential } from './sequential.js';
import { expectClose } from './testing/reference.test-util.js';

// The layers call kernels directly (FusedConv2D, _FusedMatMul, the backprop and pooling-gradient
// kernels), so each backend that trains must agree with `cpu` on outputs and on every gradient.
const cases: [string, () => Layer, number[]][] = [
  ['dense relu', () => dense({ units: 5, activation: 'relu' }), [4, 6]],
  ['dense sigmoid', () => dense({ units: 3, activation: 'sigmoid' }), [4, 6]],
  ['dense elu rank 3', () => dense({ units: 3, activation: 'elu' }), [2, 3, 6]],
  ['conv2d valid relu', () => conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), [2, 7, 7, 3]],
  ['conv2d same s2', () => conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), [2, 7, 8, 3]],
  [
    'conv2d dilated',
    () => conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' }),
    [1, 8, 8, 2],
  ],
  [
    'conv2d no bias leaky',
    () => conv2d({ filters: 3, kernelSize: 2, activation: 'leakyRelu', useBias: false }),
    [2, 5, 5, 2],
  ],
  [
    'conv2d relu + maxPool2d (fused in sequential)',
    () => sequential([conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), maxPool2d()]),
    [2, 8, 8, 3],
  ],
  [
    'conv2d sigmoid same s2 + maxPool2d 3/2 same (fused)',
    () =>
      sequential([
        conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid' }),
        maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }),
      ]),
    [2, 9, 9, 2],
  ],
  ['maxPool2d valid', () => maxPool2d(), [2, 6, 6, 3]],
  ['maxPool2d same 3/2', () => maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }), [2, 7, 7, 2]],
  ['avgPool2d valid', () => avgPool2d(), [2, 6, 6, 3]],
  ['avgPool2d same', () => avgPool2d({ poolSize: 3, strides: 2, padding: 'same' }), [2, 7, 7, 2]],
  ['flatten', () => flatten(), [2, 3, 3, 2]],
  ['dropout', () => dropout({ rate: 0.4 }), [3, 10]],
];

/** Output and gradients (input, then params) for a fixed upstream gradient, as plain arrays. */
function run(make: () => Layer, shape: number[]): number[][] {
  return tf.tidy(() => {
    const layer = make();
    const flat = flattenTree(layer.init(createRng(1), [null, ...shape.slice(1)]).params);
    const names = Object.keys(flat);
    const x = randomNormal(createRng(2), shape);
    const apply = (xi: tf.Tensor, ...ps: tf.Tensor[]) =>
      layer.apply(unflattenTree(Object.fromEntries(names.map((n, i) => [n, ps[i]!]))), xi, {
        training: true,
        rng: createRng(3),
        state: {},
      }).y;
    const y = apply(x, ...Object.values(flat));
    const dy = randomNormal(createRng(4), y.shape);
    const grads = tf.grads(apply)([x, ...Object.values(flat)], dy);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

describe('layers agree with cpu on each backend that trains', () => {
  const reference = new Map<string, number[][]>();

  beforeAll(async () => {
    await useBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    for (const [name, make, shape] of cases) reference.set(name, run(make, shape));
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  describe.each(['wasm'] as const)('%s', (backend) => {
    it.each(cases)('%s', async (name, make, shape) => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
      const got = run(make, shape);
      const want = reference.get(name)!;
      expect(got.length).toBe(want.length);
      got.forEach((values, i) => {
        expectClose(values, want[i]!, 1e-4);
      });
    });
  });
});
