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
];
const replaced = ['Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Sum', 'Identity', 'Cast'];

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
  });
});
