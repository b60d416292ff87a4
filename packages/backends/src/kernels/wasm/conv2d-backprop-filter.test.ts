import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { type ConvDims, convCases, describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

// [batch, height, width, inChannels, outChannels, kernelH, kernelW]. Small enough that float32
// sums stay far inside 1e-4; R = kh·kw·in below and above `out` exercises both GEMM orientations.
const shapes: ConvDims[] = [
  [1, 5, 5, 1, 1, 1, 1],
  [2, 7, 6, 1, 16, 3, 3],
  [3, 6, 7, 3, 8, 3, 3],
  [2, 8, 8, 4, 3, 2, 3],
  [1, 9, 5, 2, 40, 3, 2],
];

describeOnWasm('Conv2DBackpropFilter on wasm', () => {
  it('matches cpu within 1e-4 over shapes, strides 1–3 and SAME/VALID padding', async () => {
    let seed = 1;
    const cases = convCases(shapes, [1, 2, 3, [2, 1]], ['same', 'valid']);
    for (const { dims, strides, pad, info, where } of cases) {
      const [n, h, w, c, co, kh, kw] = dims;
      const x = randomHost(seed++, [n, h, w, c]);
      const dy = randomHost(seed++, info.outShape);
      const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: [kh, kw, c, co] };
      const { cpu, wasm } = await onCpuAndWasm('Conv2DBackpropFilter', { x, dy }, attrs);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
    }
  });

  it('handles explicit padding and TF SAME with odd total padding (extra row/column bottom/right)', async () => {
    // 6 wide, kernel 2, stride 1: SAME pads 1 in total, all of it on the right.
    const cases = [
      { shape: [2, 6, 6, 3], k: [2, 2], strides: 1, pad: 'same' },
      {
        shape: [1, 7, 5, 2],
        k: [3, 3],
        strides: 1,
        pad: [
          [0, 0],
          [2, 0],
          [1, 2],
          [0, 0],
        ],
      },
    ] as const;
    let seed = 100;
    for (const { shape, k, strides, pad } of cases) {
      const info = tf.backend_util.computeConv2DInfo(
        [...shape],
        [k[0], k[1], shape[3], 5],
        strides,
        1,
        pad as never,
      );
      const x = randomHost(seed++, [...shape]);
      const dy = randomHost(seed++, info.outShape);
      const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: [k[0], k[1], shape[3], 5] };
      const { cpu, wasm } = await onCpuAndWasm('Conv2DBackpropFilter', { x, dy }, attrs);
      expect(maxRelativeError(wasm.values, cpu.values)).toBeLessThan(1e-4);
    }
  });

  it('leaves no tensors or wasm buffers behind, and says NCHW is unsupported', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomHost(7, [2, 8, 8, 3]).values, [2, 8, 8, 3]);
    const dy = tf.tensor(randomHost(8, [2, 8, 8, 4]).values, [2, 8, 8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
    expectNoLeaks(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' }),
    ).toThrow(BackendError);
    tf.dispose([x, dy]);
  });
});
