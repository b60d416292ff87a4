import * as tf from '@tensorflow/tfjs-core';

import { afterAll, describe, expect, it } from 'vitest';
import { listBackends } from './list-backends.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('listBackends (real packages)', () => {
  it('reports cpu and wasm available, the native ones unavailable with the command to fix them', async () => {
    const reports = await listBackends();
    const byName = Object.fromEntries(reports.map((r) => [r.name, r]));
    // Node order first (node-gpu > webgpu > node > wasm > cpu), then the browser-only backends.
    expect(reports.map((r) => r.name)).toEqual(['node-gpu', 'webgpu', 'node', 'wasm', 'cpu', 'webgl']);
    expect(byName.cpu).toMatchObject({ available: true, package: '@tensorflow/tfjs-backend-cpu' });
    expect(byName.wasm).toMatchObject({ available: true, package: '@tensorflow/tfjs-backend-wasm' });
    expect(byName.wasm?.info?.name).toBe('wasm');
    expect(byName['node-gpu']).toMatchObject({
      available: false,
      info: null,
      reason:
        'package @tensorflow/tfjs-node-gpu is not installed: npm install @tensorflow/tfjs-node-gpu (needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1)',
    });
    expect(byName.node).toMatchObject({
      available: false,
      reason: 'package @tensorflow/tfjs-node is not installed: npm install @tensorflow/tfjs-node',
    });
    expect(byName.webgl).toMatchObject({
      available: false,
      reason: 'runs only in browsers (it needs a WebGL context)',
    });
    // Unavailable for a reason that names the missing piece: the optional `webgpu` package, or (where
    // it resolves) a Vulkan adapter.
    expect(byName.webgpu).toMatchObject({ available: false, info: null });
    expect(byName.webgpu?.reason).toMatch(
      /^(package webgpu is not installed: npm install webgpu \(Dawn's WebGPU for Node — on Linux it also needs a Vulkan loader and driver\)|no WebGPU adapter \(requestAdapter\(\) returned null\): .*(Vulkan loader|Vulkan driver))/,
    );
  });

  it('leaves the active backend and its tensors as they were', async () => {
    // wasm, not cpu: cpu is the last backend listBackends tries, so cpu would pass by accident.
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    await listBackends();
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    x.dispose();
  });
});
