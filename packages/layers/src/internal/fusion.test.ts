import { registerTrainingKernels, useBackend } from '@strata/backends';
import { createRng, type Layer, randomNormal, type TensorTree } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { avgPool2d } from '../avg-pool2d.js';
import { type Conv2dOptions, conv2d } from '../conv2d.js';
import type { Pool2dOptions } from '../internal/pool-layer.js';
import { maxPool2d } from '../max-pool2d.js';
import { sequential } from '../sequential.js';
import { expectClose } from '../testing/reference.test-util.js';
import { fuseConvMaxPool } from './fusion.js';

const ctx = { training: true, state: {} };
type Case = { conv: Conv2dOptions; pool: Pool2dOptions; x: [number, number, number, number]; scale?: number };
const cases: [string, Case][] = [
  [
    'relu, 2×2 pool (the seed CNN)',
    { conv: { filters: 3, kernelSize: 3, activation: 'relu' }, pool: {}, x: [2, 8, 8, 2] },
  ],
  [
    'relu, odd size: a row and column no window covers',
    { conv: { filters: 2, kernelSize: 3, activation: 'relu' }, pool: {}, x: [2, 7, 7, 1] },
  ],
  [
    'relu, strided SAME conv, overlapping 3×3/2 SAME pool',
    {
      conv: { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      pool: { poolSize: 3, strides: 2, padding: 'same' },
      x: [2, 11, 10, 2],
    },
  ],
  [
    'sigmoid, [2,3] pool with strides [1,2]',
    {
      conv: { filters: 2, kernelSize: 2, activation: 'sigmoid' },
      pool: { poolSize: [2, 3], strides: [1, 2] },
      x: [1, 7, 8, 2],
    },
  ],
  [
    'linear without bias, dilated SAME conv',
    {
      conv: { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false },
      pool: { padding: 'same' },
      x: [1, 7, 7, 2],
    },
  ],
  // Enough input channels that wasm's StrataConvPoolBackprop takes the routed loop (fewer go dense).
  [
    'relu, 6 input channels, 3×3/3 pool',
    { conv: { filters: 5, kernelSize: 3, activation: 'relu' }, pool: { poolSize: 3 }, x: [2, 11, 11, 6] },
  ],
  [
    'linear, 8 input channels, SAME conv and pool, no bias',
    {
      conv: { filters: 4, kernelSize: [3, 2], padding: 'same', useBias: false },
      pool: { padding: 'same' },
      x: [2, 7, 9, 8],
    },
  ],
  ['elu', { conv: { filters: 2, kernelSize: 3, activation: 'elu' }, pool: {}, x: [2, 6, 6, 2] }],
  // Inputs scaled up so that some outputs pass 6, where relu6's derivative is zero again.
  [
    'relu6',
    { conv: { filters: 2, kernelSize: 3, activation: 'relu6' }, pool: {}, x: [2, 6, 6, 2], scale: 4 },
  ],
  ['leaky relu', { conv: { filters: 2, kernelSize: 3, activation: 'leakyRelu' }, pool: {}, x: [2, 6, 6, 2] }],
];

/** Inputs and params for a case; bias random (not zero) so its gradient path matters. */
function setup(c: Case, seed: number) {
  const conv = conv2d(c.conv);
  const pool = maxPool2d(c.pool);
  const { params } = conv.init(createRng(seed), [null, ...c.x.slice(1)]);
  const rng = createRng(seed + 1);
  const p: Record<string, tf.Tensor> = { kernel: randomNormal(rng, (params.kernel as tf.Tensor).shape) };
  if (params.bias) p.bias = randomNormal(rng, (params.bias as tf.Tensor).shape);
  tf.dispose(Object.values(params) as tf.Tensor[]);
  const x = tf.tidy(() => tf.mul(randomNormal(rng, c.x), c.scale ?? 1));
  return { conv, pool, params: p, x, dispose: () => tf.dispose([x, ...Object.values(p)]) };
}

/** y and the gradients of Σ y ⊙ r w.r.t. the input and each param, through `apply`. */
function outputsAndGrads(
  apply: (p: TensorTree, x: tf.Tensor) => tf.Tensor,
  params: Record<string, tf.Tensor>,
  x: tf.Tensor,
) {
  const names = Object.keys(params);
  const f = (xi: tf.Tensor, ...ps: tf.Tensor[]) =>
    apply(Object.fromEntries(names.map((n, i) => [n, ps[i]!])), xi);
  return tf.tidy(() => {
    const y = f(x, ...Object.values(params));
    const r = randomNormal(createRng(99), y.shape);
    const grads = tf.grads(f)([x, ...Object.values(params)], r);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

/** The shapes of the `Sum` kernels a gradient step runs (the bias gradient is one). */
async function sumShapes(run: () => void): Promise<number[][]> {
  const profile = await tf.profile(run);
  return profile.kernels.filter((k) => k.name === 'Sum').map((k) => k.inputShapes[0] ?? []);
}

describe.each(['cpu', 'wasm'] as const)('conv2d + maxPool2d fused in sequential (%s)', (backend) => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it.each(cases)('forward and every gradient equal the layers run one after the other: %s', async (_, c) => {
    await useBackend(backend);
    if (backend === 'wasm') registerTrainingKernels();
    expect(tf.getBackend()).toBe(backend);
    const { conv, pool, params, x, dispose } = setup(c, 3);
    const model = sequential([conv, pool]);
    expect(typeof fuseConvMaxPool(conv, pool)).toBe('function');
    const fused = outputsAndGrads((p, xi) => model.apply({ conv2d: p }, xi, ctx).y, params, x);
    const unfused = outputsAndGrads((p, xi) => pool.apply({}, conv.apply(p, xi, ctx).y, ctx).y, params, x);
    // The forward pass runs the same kernels, so agrees exactly.
    expect(fused[0]).toEqual(unfused[0]);
    expect(fused.length).toBe(unfused.length);
    fused.slice(1).forEach((g, i) => {
      expectClose(g, unfused[i + 1]!, 1e-5);
    });
    // Differentiating one input at a time gives the same (each op computes only what is asked).
    const names = Object.keys(params);
    names.forEach((name, i) => {
      const only = tf.tidy(() =>
        tf.grad((t: tf.Tensor) => model.apply({ conv2d: { ...params, [name]: t } }, x, ctx).y)(params[name]!),
      );
      const all = tf.tidy(() =>
        tf.grads(
          (...ps: tf.Tensor[]) =>
            model.apply({ conv2d: Object.fromEntries(names.map((n, j) => [n, ps[j]!])) }, x, ctx).y,
        )(Object.values(params)),
      );
      expectClose(only.dataSync(), all[i]!.dataSync(), 1e-6);
      tf.dispose([only, ...all]);
    });
    // On wasm and cpu, non-overlapping pools over an undilated conv take the gradient from the pooled
    // one through StrataConvPoolBackprop (registered by registerTrainingKernels, which useBackend runs
    // on cpu); the rest spread it with MaxPoolGrad first.
    {
      const ran = (
        await tf.profile(() =>
          tf.dispose(outputsAndGrads((p, xi) => model.apply({ conv2d: p }, xi, ctx).y, params, x) as never),
        )
      ).kernels.map((k) => k.name);
      const poolSize = [c.pool.poolSize ?? 2].flat();
      const strides = [c.pool.strides ?? c.pool.poolSize ?? 2].flat();
      const routed =
        (c.conv.dilationRate ?? 1) === 1 && strides.every((st, i) => st >= (poolSize[i] ?? poolSize[0]!));
      expect(ran.includes('StrataConvPoolBackprop')).toBe(routed);
      expect(ran.includes('MaxPoolGrad')).toBe(!routed);
    }
    // The bias gradient is summed over the pooled gradient, not the conv-sized one: fusion ran.
    if (params.bias) {
      const shapes = await sumShapes(() =>
        tf.dispose(outputsAndGrads((p, xi) => model.apply({ conv2d: p }, xi, ctx).y, params, x) as never),
      );
      expect(shapes.length).toBe(1);
      const yShape = model.apply({ conv2d: params }, x, ctx).y;
      expect(shapes[0]).toEqual(yShape.shape);
      yShape.dispose();
    }
    dispose();
  });

  it('leaks no tensors over training steps and inference', async () => {
    await useBackend(backend);
    if (backend === 'wasm') registerTrainingKernels();
    const { conv, pool, params, x, dispose } = setup(cases[0]![1], 4);
    const model = sequential([conv, pool]);
    const step = () => {
      const g = tf.grads(
        (k: tf.Tensor, b: tf.Tensor) => model.apply({ conv2d: { kernel: k, bias: b } }, x, ctx).y,
      )([params.kernel!, params.bias!]);
      tf.dispose(g);
      model.apply({ conv2d: params }, x, { training: false, state: {} }).y.dispose();
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });
});

describe('conv2d + maxPool2d fusion', () => {
  it('gradients match central differences (relu, kinks skipped)', () => {
    // Overlapping SAME windows on a strided SAME convolution; Glorot-scaled weights keep the outputs
    // near 1, so float32 rounding stays well below the tolerance at a small step.
    const conv = conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' });
    const pool = maxPool2d({ poolSize: 3, strides: 2, padding: 'same' });
    const { params } = conv.init(createRng(5), [null, 9, 9, 2]);
    // A negative bias leaves some windows with no positive entry, where relu passes no gradient.
    const bias = tf.tensor1d([-0.5, -0.3]);
    const x = randomNormal(createRng(7), [1, 9, 9, 2]);
    const model = sequential([conv, pool]);
    const f = (xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      model.apply({ conv2d: { kernel: k, bias: b } }, xi, ctx).y;
    const inputs = [x, params.kernel as tf.Tensor, bias];
    const r = checkGradients(f, inputs, {
      step: 1e-3,
      rtol: 3e-3,
      atol: 2e-4,
      piece: (v) => (v > 0 ? 1 : 0),
    });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBeGreaterThan(0.8 * inputs.reduce((n, t) => n + t.size, 0));
    tf.dispose(inputs);
  });

  it('skips the input gradient when the input is data, and computes it when asked', async () => {
    const { conv, pool, params, x, dispose } = setup(cases[0]![1], 6);
    const model = sequential([conv, pool]);
    const apply = (xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      model.apply({ conv2d: { kernel: k, bias: b } }, xi, ctx).y;
    // The input gradient: Conv2DBackpropInput, or StrataConvPoolBackprop with the input's shape where
    // the backend routes it (cpu and wasm once registerTrainingKernels ran).
    const count = async (run: () => tf.Tensor[]) =>
      (await tf.profile(() => tf.dispose(run()))).kernels.filter(
        (k) =>
          k.name === 'Conv2DBackpropInput' ||
          (k.name === 'StrataConvPoolBackprop' && `${k.outputShapes[0]}` === `${x.shape}`),
      ).length;
    expect(
      await count(() =>
        tf.grads((k: tf.Tensor, b: tf.Tensor) => apply(x, k, b))([params.kernel!, params.bias!]),
      ),
    ).toBe(0);
    expect(await count(() => tf.grads(apply)([x, params.kernel!, params.bias!]))).toBe(1);
    dispose();
  });

  it('leaves other pairs, and copies of the layers, unfused', () => {
    const conv = conv2d({ filters: 2, kernelSize: 3, activation: 'relu' });
    expect(typeof fuseConvMaxPool(conv, maxPool2d())).toBe('function');
    // tanh runs after the convolution kernel, not inside it.
    expect(
      fuseConvMaxPool(conv2d({ filters: 2, kernelSize: 3, activation: 'tanh' }), maxPool2d()),
    ).toBeUndefined();
    expect(fuseConvMaxPool(conv, avgPool2d())).toBeUndefined();
    expect(fuseConvMaxPool(maxPool2d(), conv)).toBeUndefined();
    expect(fuseConvMaxPool(conv, undefined)).toBeUndefined();
    expect(fuseConvMaxPool({ ...conv } as Layer, maxPool2d())).toBeUndefined();
  });

  it('an unfused pair (tanh) still gives the layers’ gradients through sequential', () => {
    const c: Case = { conv: { filters: 2, kernelSize: 3, activation: 'tanh' }, pool: {}, x: [1, 6, 6, 1] };
    const { conv, pool, params, x, dispose } = setup(c, 7);
    const model = sequential([conv, pool]);
    const f = (xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      model.apply({ conv2d: { kernel: k, bias: b } }, xi, ctx).y;
    const r = checkGradients(f, [x, params.kernel!, params.bias!], { step: 1e-3, rtol: 3e-3, atol: 2e-4 });
    expect(r.failures).toEqual([]);
    dispose();
  });
});
