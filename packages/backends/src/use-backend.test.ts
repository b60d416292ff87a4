import { createRequire } from 'node:module';
import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

import { afterAll, describe, expect, it } from 'vitest';
import { conv2DBackpropFilterCpuConfig } from './kernels/cpu/conv2d-backprop-filter.js';
import { unregisterTrainingKernels } from './kernels/index.js';
import { useBackend } from './use-backend.js';

const require = createRequire(import.meta.url);
const installed = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

// The smallest module that uses a SIMD instruction (`v128.const`); WebAssembly.validate accepts it
// exactly where the runtime supports WASM SIMD, so it is an independent reference for `simd`.
const SIMD_PROBE = new Uint8Array([
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  22,
  1,
  20,
  0,
  253,
  12,
  ...new Array<number>(16).fill(0),
  11,
]);

afterAll(async () => {
  await tf.setBackend('cpu');
});

// Real packages, as installed here: cpu and wasm are dependencies; the native ones cannot be installed.
describe('useBackend (real packages)', () => {
  // Before any other test registers them: tfjs-core loaded in Node registers no gradient functions.
  it('registers gradients when training (the default), not when training is false', async () => {
    const loss = (x: tf.Tensor) => tf.sum(tf.div(tf.square(x), 2));
    expect(tf.getGradient('RealDiv')).toBeUndefined();
    await useBackend('cpu', { training: false });
    expect(tf.getGradient('RealDiv')).toBeUndefined();
    await useBackend('cpu');
    // d/dx Σ x²/2 = x
    const dx = tf.grad(loss)(tf.tensor1d([1, -2, 3]));
    expect(Array.from(await dx.data())).toEqual([1, -2, 3]);
    dx.dispose();
  });

  // Before any other test initialises the wasm backend in this worker, so that `threads` applies.
  it('runs wasm from node_modules with no network, and reports SIMD, threads and versions', async () => {
    const info = await useBackend('wasm', { threads: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(info).toMatchObject({
      name: 'wasm',
      tfjsName: 'wasm',
      device: 'cpu',
      simd: WebAssembly.validate(SIMD_PROBE),
      // tfjs-backend-wasm turns multithreading off in Node (WASM_HAS_MULTITHREAD_SUPPORT is false there).
      threads: 1,
      versions: {
        tfjsCore: installed('@tensorflow/tfjs-core'),
        backend: installed('@tensorflow/tfjs-backend-wasm'),
      },
    });
    expect(info.reason).toBe(
      'requested by name; runs 1 thread, not 2: tfjs-backend-wasm runs one thread in Node',
    );
    // Softmax of [0, ln 3] is [1/4, 3/4].
    const y = tf.tidy(() => tf.softmax(tf.tensor1d([0, Math.log(3)])));
    const values = await y.data();
    y.dispose();
    expect(values[0]).toBeCloseTo(0.25, 6);
    expect(values[1]).toBeCloseTo(0.75, 6);
  });

  it('registers the training kernels on wasm: a conv2d filter gradient against a hand computation', async () => {
    await useBackend('wasm');
    // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter of its own.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toMatchObject({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
    });
    // x = ones [1, 4, 4, 1], 3×3 'valid' convolution → 2×2 outputs; each filter tap sees one input
    // per output, so d Σ y / d w[i, j] = 4 for every tap.
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const dw = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')))(
      tf.ones([3, 3, 1, 1]),
    );
    expect(Array.from(await dw.data())).toEqual(new Array<number>(9).fill(4));
    tf.dispose([x, dw]);
  });

  it("registers Strata's cpu kernels on cpu (a conv2d filter gradient by hand), not when training is false", async () => {
    unregisterTrainingKernels({ backend: 'cpu' });
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    await useBackend('cpu', { training: false });
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    await useBackend('cpu');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(conv2DBackpropFilterCpuConfig);
    // As on wasm above: every tap of a 3×3 'valid' filter over a ones [1, 4, 4, 1] image gets 4.
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const dw = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')))(
      tf.ones([3, 3, 1, 1]),
    );
    expect(Array.from(await dw.data())).toEqual(new Array<number>(9).fill(4));
    tf.dispose([x, dw]);
    unregisterTrainingKernels({ backend: 'cpu' });
  });

  it("'node-gpu' without the package throws an error naming @tensorflow/tfjs-node-gpu", async () => {
    const error = await useBackend('node-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    const { message } = error as BackendError;
    expect(message).toContain(
      "useBackend('node-gpu'): package @tensorflow/tfjs-node-gpu is not installed: npm install @tensorflow/tfjs-node-gpu",
    );
    expect(message).toContain(
      "or use useBackend('auto') to fall back to the fastest of webgpu, node, wasm, cpu",
    );
  });

  it("'auto' picks wasm here and says why node-gpu and node were skipped", async () => {
    await tf.setBackend('cpu');
    const info = await useBackend('auto');
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const reasons = info.reason.split('; ');
    expect(reasons.filter((r) => !r.startsWith('webgpu: '))).toEqual([
      'wasm: fastest that initialised here',
      'node-gpu: package @tensorflow/tfjs-node-gpu is not installed: npm install @tensorflow/tfjs-node-gpu (needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1)',
      'node: package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node',
    ]);
    // webgpu (between node-gpu and node) was skipped: no `webgpu` package, no adapter, or only a
    // software one, depending on what this machine has installed.
    expect(reasons.filter((r) => r.startsWith('webgpu: '))).toEqual([
      expect.stringMatching(
        /^webgpu: (package webgpu is not installed|no WebGPU adapter|only a software GPU here)/,
      ),
    ]);
  });

  it("'cpu' works: a matrix product against a hand computation, no tensors leaked", async () => {
    const info = await useBackend('cpu');
    expect(info).toMatchObject({
      name: 'cpu',
      simd: false,
      threads: 1,
      versions: { backend: installed('@tensorflow/tfjs-backend-cpu') },
    });
    expect(tf.getBackend()).toBe('cpu');
    const before = tf.memory().numTensors;
    // [[1, 2], [3, 4]] · [[5], [6]] = [[1·5 + 2·6], [3·5 + 4·6]] = [[17], [39]]
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6], [2, 1])));
    expect(Array.from(await y.data())).toEqual([17, 39]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
