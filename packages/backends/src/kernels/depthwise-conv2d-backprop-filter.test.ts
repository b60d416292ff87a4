import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthwiseGradsReference } from './depthwise-reference.js';
import { maxRelativeError, onCpuAndWasm, randomHost, runOn } from './kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';

// [batch, height, width, channels, multiplier, kernelH, kernelW]; 6 channels = SIMD group + rest.
const shapes: [number, number, number, number, number, number, number][] = [
  [2, 7, 8, 6, 1, 3, 3],
  [1, 6, 6, 3, 2, 2, 3],
  [3, 9, 7, 8, 1, 3, 2],
  [2, 5, 5, 2, 3, 1, 1],
];

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerTrainingKernels();
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('matches cpu within 1e-4 over shapes, multipliers, strides 1–3 and SAME/VALID padding', async () => {
    let seed = 1;
    for (const [n, h, w, c, q, kh, kw] of shapes) {
      for (const strides of [1, 2, 3] as const) {
        for (const pad of ['same', 'valid'] as const) {
          const info = tf.backend_util.computeConv2DInfo(
            [n, h, w, c],
            [kh, kw, c, q],
            strides,
            1,
            pad,
            undefined,
            true,
          );
          if (info.outHeight <= 0 || info.outWidth <= 0) continue;
          const x = randomHost(seed++, [n, h, w, c]);
          const dy = randomHost(seed++, info.outShape);
          const attrs = { strides, dilations: 1, pad, filterShape: [kh, kw, c, q] };
          const { cpu, wasm } = await onCpuAndWasm('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
          expect(wasm.shape).toEqual(cpu.shape);
          const where = `${[n, h, w, c, q, kh, kw]} s${strides} ${pad}`;
          expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('handles dilation 2 (cpu ignores dilation here, so the reference is the float64 definition)', async () => {
    let seed = 50;
    for (const pad of ['same', 'valid'] as const) {
      const [n, h, w, c, q, kh, kw] = [2, 9, 8, 5, 2, 3, 2];
      const info = tf.backend_util.computeConv2DInfo(
        [n, h, w, c],
        [kh, kw, c, q],
        1,
        2,
        pad,
        undefined,
        true,
      );
      const x = randomHost(seed++, [n, h, w, c]);
      const filter = randomHost(seed++, [kh, kw, c, q]);
      const dy = randomHost(seed++, info.outShape);
      const attrs = { strides: 1, dilations: 2, pad, filterShape: [kh, kw, c, q] };
      const wasm = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
      const ref = depthwiseGradsReference(x, filter, dy, {
        sh: 1,
        sw: 1,
        dh: 2,
        dw: 2,
        pt: info.padInfo.top,
        pl: info.padInfo.left,
      });
      expect(maxRelativeError(wasm.values, ref.dw), pad).toBeLessThan(1e-4);
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor(randomHost(5, [2, 6, 6, 4]).values, [2, 6, 6, 4]);
    const dy = tf.tensor(randomHost(6, [2, 6, 6, 4]).values, [2, 6, 6, 4]);
    const attrs = { strides: 1, dilations: 1, pad: 'same', filterShape: [3, 3, 4, 1] };
    const before = { tensors: tf.memory().numTensors, ids: backend.numDataIds() };
    for (let i = 0; i < 3; i++) {
      tf.dispose(tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs) as tf.Tensor);
    }
    expect({ tensors: tf.memory().numTensors, ids: backend.numDataIds() }).toEqual(before);
    tf.dispose([x, dy]);
  });
});
