import { useBackend } from '@strata/backends';
import { createRng, flattenTree, type Layer, randomNormal, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add } from './add.js';
import { avgPool1d } from './avg-pool1d.js';
import { concatenate } from './concatenate.js';
import { conv1d } from './conv1d.js';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { cropping2d } from './cropping2d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { gaussianNoise } from './gaussian-noise.js';
import { globalAvgPool1d } from './global-avg-pool1d.js';
import { globalAvgPool2d } from './global-avg-pool2d.js';
import { globalMaxPool1d } from './global-max-pool1d.js';
import { globalMaxPool2d } from './global-max-pool2d.js';
import { isMultiInput } from './graph/multi-input.js';
import { maxPool1d } from './max-pool1d.js';
import { multiply } from './multiply.js';
import { permute } from './permute.js';
import { repeatVector } from './repeat-vector.js';
import { reshape } from './reshape.js';
import { separableConv2d } from './separable-conv2d.js';
import { sequential } from './sequential.js';
import { spatialDropout } from './spatial-dropout.js';
import { expectNoLeaks } from './testing/layer-checks.test-util.js';
import { expectClose } from './testing/reference.test-util.js';
import { upSampling2d } from './up-sampling2d.js';
import { zeroPadding2d } from './zero-padding2d.js';

// The layers of this table run the backends' convolution, backprop, pooling and shape kernels, so on
// each backend that trains they must agree with `cpu` on outputs and on every gradient (inputs, then
// params), and train without leaking tensors.
const cases: [string, () => Layer, number[][]][] = [
  ['conv1d valid relu', () => conv1d({ filters: 3, kernelSize: 3, activation: 'relu' }), [[2, 9, 3]]],
  [
    'conv1d causal dilated',
    () => conv1d({ filters: 2, kernelSize: 2, dilationRate: 2, padding: 'causal' }),
    [[2, 8, 2]],
  ],
  ['conv1d same s2', () => conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), [[2, 9, 2]]],
  ['conv2dTranspose valid', () => conv2dTranspose({ filters: 3, kernelSize: 3 }), [[2, 4, 4, 2]]],
  [
    'conv2dTranspose same s2 relu',
    () => conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    [[2, 3, 4, 3]],
  ],
  [
    'conv2dTranspose valid s3 k2',
    () => conv2dTranspose({ filters: 2, kernelSize: 2, strides: 3 }),
    [[1, 3, 3, 2]],
  ],
  [
    'conv2dTranspose same s2 outputPadding',
    () => conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', outputPadding: [0, 1] }),
    [[1, 3, 3, 2]],
  ],
  [
    'depthwiseConv2d m2 same s2',
    () => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' }),
    [[2, 7, 7, 3]],
  ],
  [
    'depthwiseConv2d dilated',
    () => depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'same' }),
    [[1, 7, 7, 2]],
  ],
  [
    'separableConv2d relu',
    () => separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, activation: 'relu' }),
    [[2, 6, 6, 3]],
  ],
  ['maxPool1d same 3/2', () => maxPool1d({ poolSize: 3, strides: 2, padding: 'same' }), [[2, 9, 3]]],
  ['avgPool1d same 3/2', () => avgPool1d({ poolSize: 3, strides: 2, padding: 'same' }), [[2, 9, 3]]],
  ['globalAvgPool1d', () => globalAvgPool1d(), [[2, 5, 3]]],
  ['globalMaxPool1d', () => globalMaxPool1d(), [[2, 5, 3]]],
  ['globalAvgPool2d', () => globalAvgPool2d(), [[2, 4, 3, 3]]],
  ['globalMaxPool2d keepDims', () => globalMaxPool2d({ keepDims: true }), [[2, 4, 3, 3]]],
  ['upSampling2d 2×3', () => upSampling2d({ size: [2, 3] }), [[2, 3, 2, 2]]],
  ['upSampling2d bilinear', () => upSampling2d({ size: [2, 3], interpolation: 'bilinear' }), [[2, 3, 2, 2]]],
  [
    'zeroPadding2d',
    () =>
      zeroPadding2d({
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
    [[2, 3, 3, 2]],
  ],
  [
    'cropping2d',
    () =>
      cropping2d({
        cropping: [
          [1, 0],
          [1, 2],
        ],
      }),
    [[2, 5, 5, 2]],
  ],
  ['reshape', () => reshape({ targetShape: [3, -1] }), [[2, 12]]],
  ['permute', () => permute({ dims: [3, 1, 2] }), [[2, 2, 3, 4]]],
  ['repeatVector', () => repeatVector({ n: 3 }), [[2, 4]]],
  ['spatialDropout', () => spatialDropout({ rate: 0.4 }), [[3, 4, 4, 6]]],
  ['gaussianNoise', () => gaussianNoise({ stddev: 0.3 }), [[3, 5]]],
  [
    'add',
    () => add(),
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  ],
  [
    'multiply',
    () => multiply(),
    [
      [2, 4],
      [2, 4],
    ],
  ],
  [
    'concatenate',
    () => concatenate(),
    [
      [2, 3, 2],
      [2, 3, 1],
    ],
  ],
];

/** Output and gradients (inputs, then params) for a fixed upstream gradient, as plain arrays. */
function run(make: () => Layer, shapes: number[][]): number[][] {
  return tf.tidy(() => {
    const layer = make();
    const inShapes = shapes.map((s) => [null, ...s.slice(1)]);
    const init = isMultiInput(layer)
      ? layer.initMany(createRng(1), inShapes)
      : layer.init(createRng(1), inShapes[0]!);
    const flat = flattenTree(init.params);
    const names = Object.keys(flat);
    const xs = shapes.map((s, i) => randomNormal(createRng(2 + i), s));
    const n = xs.length;
    const apply = (...all: tf.Tensor[]) => {
      const params = unflattenTree(Object.fromEntries(names.map((name, i) => [name, all[n + i]!])));
      const ctx = { training: true, rng: createRng(3), state: {} };
      return isMultiInput(layer)
        ? layer.applyMany(params, all.slice(0, n), ctx).y
        : layer.apply(params, all[0]!, ctx).y;
    };
    const y = apply(...xs, ...Object.values(flat));
    const dy = randomNormal(createRng(9), y.shape);
    const grads = tf.grads(apply)([...xs, ...Object.values(flat)], dy);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

describe('the layers agree with cpu on each backend that trains', () => {
  const reference = new Map<string, number[][]>();

  beforeAll(async () => {
    await useBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    for (const [name, make, shapes] of cases) reference.set(name, run(make, shapes));
  });

  afterAll(async () => {
    await useBackend('cpu');
  });

  describe.each(['wasm'] as const)('%s', (backend) => {
    it('a small convolutional autoencoder trains: the loss falls, tensors stay flat', async () => {
      await useBackend(backend);
      const net = sequential([
        conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
        separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        zeroPadding2d({ padding: 1 }),
        cropping2d({ cropping: 1 }),
        upSampling2d({ size: 2 }),
        conv2dTranspose({ filters: 1, kernelSize: 3, padding: 'same' }),
      ]);
      const init = net.init(createRng(1), [null, 8, 8, 1]);
      expect(init.outputShape).toEqual([null, 8, 8, 1]);
      // Images made of 2×2 blocks, which the 4×4 bottleneck can represent.
      const x = tf.tidy(
        () =>
          upSampling2d().apply({}, randomNormal(createRng(2), [4, 4, 4, 1]), { training: false, state: {} })
            .y,
      );
      let flat = flattenTree(init.params);
      const names = Object.keys(flat);
      const lossOf = (...ps: tf.Tensor[]) =>
        tf.mean(
          tf.square(
            tf.sub(
              net.apply(unflattenTree(Object.fromEntries(names.map((n, i) => [n, ps[i]!]))), x, {
                training: true,
                state: {},
              }).y,
              x,
            ),
          ),
        ) as tf.Scalar;
      const losses: number[] = [];
      let before = 0;
      for (let step = 0; step < 60; step++) {
        if (step === 1) before = tf.memory().numTensors;
        const { value, grads } = tf.valueAndGrads(lossOf)(Object.values(flat));
        losses.push(value.dataSync()[0]!);
        const next = tf.tidy(() =>
          Object.fromEntries(names.map((n, i) => [n, tf.sub(flat[n]!, tf.mul(grads[i]!, 0.1))])),
        );
        tf.dispose([value, ...grads, ...Object.values(flat)]);
        flat = next;
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
      tf.dispose([x, ...Object.values(flat)]);
    });

    it.each(cases)('%s', async (name, make, shapes) => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
      const got = run(make, shapes);
      const want = reference.get(name)!;
      expect(got.length).toBe(want.length);
      got.forEach((values, i) => {
        expectClose(values, want[i]!, 1e-4);
      });
      // Training steps there leave no tensors behind.
      expectNoLeaks(make(), shapes, true);
    });
  });
});
