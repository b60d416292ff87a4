import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { type ConvDims, convCases, describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

// [batch, height, width, inChannels, outChannels, kernelH, kernelW]
const shapes: ConvDims[] = [
  [1, 5, 5, 1, 1, 1, 1],
  [2, 7, 6, 1, 16, 3, 3],
  [3, 6, 7, 3, 8, 3, 3],
  [2, 8, 8, 4, 3, 2, 3],
  [1, 9, 5, 5, 7, 3, 2],
];

describeOnWasm('Conv2DBackpropInput on wasm', () => {
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
    for (const { dims, strides, pad, info, where } of convCases(shapes, [1, 2, 3, [1, 2]], pads)) {
      const [n, h, w, c, co, kh, kw] = dims;
      const dy = randomHost(seed++, info.outShape);
      const filter = randomHost(seed++, [kh, kw, c, co]);
      const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: [n, h, w, c] };
      const { cpu, wasm } = await onCpuAndWasm('Conv2DBackpropInput', { dy, filter }, attrs);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const dy = tf.tensor(randomHost(3, [2, 4, 4, 6]).values, [2, 4, 4, 6]);
    const filter = tf.tensor(randomHost(4, [3, 3, 5, 6]).values, [3, 3, 5, 6]);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 5] };
    expectNoLeaks(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor);
    tf.dispose([dy, filter]);
  });
});
