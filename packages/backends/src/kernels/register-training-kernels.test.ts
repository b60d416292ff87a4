import '@tensorflow/tfjs-backend-wasm';
import { BackendError, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from './kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';

const missing = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'UnsortedSegmentSum',
  'StrataAdamMoments',
  'StrataConvPoolBackprop',
  'StrataLstmCell',
  'StrataLstmCellGrad',
];
const replaced = [
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'BatchMatMul',
  'Sum',
  'Identity',
  'Cast',
  'Slice',
  'SplitV',
  'Unpack',
  'GatherV2',
];

describe('registerTrainingKernels', () => {
  afterEach(() => unregisterTrainingKernels());
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('adds the kernels stock wasm lacks, without which a conv2d gradient fails on wasm', async () => {
    await tf.setBackend('wasm');
    for (const name of missing) expect(tf.getKernel(name, 'wasm'), name).toBeUndefined();
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const dW = () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: tf.ones([1, 4, 4, 1]) }, {
        strides: 1,
        pad: 'same',
        dataFormat: 'NHWC',
        filterShape: [3, 3, 1, 1],
      } as never) as tf.Tensor;
    expect(dW).toThrow(/Conv2DBackpropFilter/);
    const report = registerTrainingKernels();
    expect(report).toEqual({ added: missing, replaced });
    // All-ones 4×4 image and gradient, SAME 3×3: each tap sees the pixels it overlaps, by hand
    // corners 3·3 = 9, edges 3·4 = 12, centre 4·4 = 16.
    expect(Array.from(dW().dataSync())).toEqual([9, 12, 9, 12, 16, 12, 9, 12, 9]);
    tf.dispose([x, w]);
  });

  it('is idempotent: a second call changes nothing and warns nothing', async () => {
    await tf.setBackend('wasm');
    registerTrainingKernels();
    const configs = [...missing, ...replaced].map((n) => tf.getKernel(n, 'wasm'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(registerTrainingKernels()).toEqual({ added: missing, replaced });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect([...missing, ...replaced].map((n) => tf.getKernel(n, 'wasm'))).toEqual(configs);
  });

  it('unregisterTrainingKernels restores the stock kernels and removes the added ones', async () => {
    await tf.setBackend('wasm');
    const stock = replaced.map((n) => tf.getKernel(n, 'wasm'));
    registerTrainingKernels();
    expect(replaced.map((n) => tf.getKernel(n, 'wasm'))).not.toEqual(stock);
    unregisterTrainingKernels();
    expect(replaced.map((n) => tf.getKernel(n, 'wasm'))).toEqual(stock);
    for (const name of missing) expect(tf.getKernel(name, 'wasm')).toBeUndefined();
    unregisterTrainingKernels(); // nothing registered: a no-op
    expect(replaced.map((n) => tf.getKernel(n, 'wasm'))).toEqual(stock);
  });

  it('leaves other backends alone', () => {
    const cpu = [...missing, ...replaced].map((n) => tf.getKernel(n, 'cpu'));
    registerTrainingKernels();
    expect([...missing, ...replaced].map((n) => tf.getKernel(n, 'cpu'))).toEqual(cpu);
  });

  it('runs the scalar helper build with {simd: false}, with the same results', async () => {
    registerTrainingKernels({ simd: false });
    const x = randomHost(1, [2, 7, 7, 6]);
    const dy = randomHost(2, [2, 4, 4, 5]);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 6, 5] };
    const { cpu, wasm } = await onCpuAndWasm('Conv2DBackpropFilter', { x, dy }, attrs);
    expect(maxRelativeError(wasm.values, cpu.values)).toBeLessThan(1e-4);
  });

  it('rejects bad options with labelled errors', () => {
    expect(() => registerTrainingKernels({ simd: 'yes' as never })).toThrow(BackendError);
    expect(() => registerTrainingKernels({ threads: 2 } as never)).toThrow(ConfigError);
    expect(() => registerTrainingKernels({ threads: 2 } as never)).toThrow(/unknown option 'threads'/);
    expect(() => registerTrainingKernels({ backend: 'webgl' as never })).toThrow(
      "registerTrainingKernels({backend}): must be one of 'wasm', 'cpu', got \"webgl\"",
    );
    expect(() => unregisterTrainingKernels({ backend: 'node' as never })).toThrow(ConfigError);
    expect(() => unregisterTrainingKernels({ simd: true } as never)).toThrow(/unknown option 'simd'/);
  });
});

const cpuReplaced = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'Conv2D',
  'FusedConv2D',
  'MaxPoolGrad',
  'Sum',
  'BatchMatMul',
  '_FusedMatMul',
  'SplitV',
];

describe("registerTrainingKernels({ backend: 'cpu' })", () => {
  afterEach(() => unregisterTrainingKernels({ backend: 'cpu' }));

  it('replaces the stock cpu kernels, idempotently and without a warning, and unregister restores them', () => {
    const stock = cpuReplaced.map((n) => tf.getKernel(n, 'cpu'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(registerTrainingKernels({ backend: 'cpu' })).toEqual({
      added: ['StrataAdamMoments', 'StrataConvPoolBackprop', 'StrataLstmCell', 'StrataLstmCellGrad'],
      replaced: cpuReplaced,
    });
    const strata = cpuReplaced.map((n) => tf.getKernel(n, 'cpu'));
    for (const [i, config] of strata.entries()) expect(config, cpuReplaced[i]).not.toBe(stock[i]);
    expect(registerTrainingKernels({ backend: 'cpu' })).toEqual({
      added: ['StrataAdamMoments', 'StrataConvPoolBackprop', 'StrataLstmCell', 'StrataLstmCellGrad'],
      replaced: cpuReplaced,
    });
    expect(cpuReplaced.map((n) => tf.getKernel(n, 'cpu'))).toEqual(strata);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    unregisterTrainingKernels({ backend: 'cpu' });
    for (const [i, n] of cpuReplaced.entries()) expect(tf.getKernel(n, 'cpu'), n).toBe(stock[i]);
    unregisterTrainingKernels({ backend: 'cpu' }); // nothing registered: a no-op
    for (const [i, n] of cpuReplaced.entries()) expect(tf.getKernel(n, 'cpu'), n).toBe(stock[i]);
  });

  it('leaves wasm alone, and the wasm default leaves cpu alone', () => {
    const wasm = [...missing, ...replaced].map((n) => tf.getKernel(n, 'wasm'));
    registerTrainingKernels({ backend: 'cpu' });
    expect([...missing, ...replaced].map((n) => tf.getKernel(n, 'wasm'))).toEqual(wasm);
    unregisterTrainingKernels(); // wasm's: cpu keeps Strata's kernels
    const strata = cpuReplaced.map((n) => tf.getKernel(n, 'cpu'));
    registerTrainingKernels();
    expect(cpuReplaced.map((n) => tf.getKernel(n, 'cpu'))).toEqual(strata);
    unregisterTrainingKernels();
  });

  it("runs a conv2d filter gradient by hand computation, and rejects simd (wasm's option)", async () => {
    await tf.setBackend('cpu');
    registerTrainingKernels({ backend: 'cpu' });
    // All-ones 4×4 image and gradient, SAME 3×3: corners 3·3 = 9, edges 3·4 = 12, centre 4·4 = 16.
    const x = tf.ones([1, 4, 4, 1]);
    const dy = tf.ones([1, 4, 4, 1]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 1, 1] };
    const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
    expect(Array.from(dW.dataSync())).toEqual([9, 12, 9, 12, 16, 12, 9, 12, 9]);
    tf.dispose([x, dy, dW]);
    expect(() => registerTrainingKernels({ backend: 'cpu', simd: false })).toThrow(
      "registerTrainingKernels({simd}): applies only to the wasm backend (the cpu kernels are plain TypeScript); omit it with backend 'cpu'",
    );
  });
});
