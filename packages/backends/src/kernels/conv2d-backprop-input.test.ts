import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from './kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';

// [batch, height, width, inChannels, outChannels, kernelH, kernelW]
const shapes: [number, number, number, number, number, number, number][] = [
  [1, 5, 5, 1, 1, 1, 1],
  [2, 7, 6, 1, 16, 3, 3],
  [3, 6, 7, 3, 8, 3, 3],
  [2, 8, 8, 4, 3, 2, 3],
  [1, 9, 5, 5, 7, 3, 2],
];

describe('Conv2DBackpropInput on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerTrainingKernels();
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('matches cpu within 1e-4 over shapes, strides 1–3 and SAME/VALID/explicit padding', async () => {
    let seed = 1;
    const pads = [
      'same',
      'valid',
      [
        [0, 0],
        [1, 0],
        [0, 2],
        [0, 0],
      ],
    ] as const;
    for (const [n, h, w, c, co, kh, kw] of shapes) {
      for (const strides of [1, 2, 3, [1, 2]] as const) {
        for (const pad of pads) {
          const info = tf.backend_util.computeConv2DInfo(
            [n, h, w, c],
            [kh, kw, c, co],
            strides as never,
            1,
            pad as never,
          );
          if (info.outHeight <= 0 || info.outWidth <= 0) continue;
          const dy = randomHost(seed++, info.outShape);
          const filter = randomHost(seed++, [kh, kw, c, co]);
          const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: [n, h, w, c] };
          const { cpu, wasm } = await onCpuAndWasm('Conv2DBackpropInput', { dy, filter }, attrs);
          expect(wasm.shape).toEqual(cpu.shape);
          const where = `${[n, h, w, c, co, kh, kw]} s${strides} ${JSON.stringify(pad)}`;
          expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const dy = tf.tensor(randomHost(3, [2, 4, 4, 6]).values, [2, 4, 4, 6]);
    const filter = tf.tensor(randomHost(4, [3, 3, 5, 6]).values, [3, 3, 5, 6]);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 5] };
    const before = { tensors: tf.memory().numTensors, ids: backend.numDataIds() };
    for (let i = 0; i < 3; i++)
      tf.dispose(tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor);
    expect({ tensors: tf.memory().numTensors, ids: backend.numDataIds() }).toEqual(before);
    tf.dispose([dy, filter]);
  });
});
