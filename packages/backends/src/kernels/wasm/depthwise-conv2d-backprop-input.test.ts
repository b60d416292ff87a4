import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost, runOn } from '../kernel-parity.js';
import {
  convCases,
  depthwiseShapes,
  describeOnWasm,
  dilatedDepthwiseCases,
  expectNoLeaks,
} from './wasm-suite.test-util.js';

describeOnWasm('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it('matches cpu within 1e-4 over shapes, multipliers, strides 1–3 and SAME/VALID padding', async () => {
    let seed = 1;
    const cases = convCases(depthwiseShapes, [1, 2, 3], ['same', 'valid'], true);
    for (const { dims, strides, pad, info, where } of cases) {
      const [n, h, w, c, q, kh, kw] = dims;
      const filter = randomHost(seed++, [kh, kw, c, q]);
      const dy = randomHost(seed++, info.outShape);
      const attrs = { strides, dilations: 1, pad, inputShape: [n, h, w, c] };
      const { cpu, wasm } = await onCpuAndWasm('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
    }
  });

  it('handles dilation 2 (cpu ignores dilation here, so the reference is the float64 definition)', async () => {
    for (const { pad, dy, filter, inputShape, ref } of dilatedDepthwiseCases()) {
      const attrs = { strides: 1, dilations: 2, pad, inputShape };
      const wasm = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
      expect(maxRelativeError(wasm.values, ref.dx), pad).toBeLessThan(1e-4);
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const filter = tf.tensor(randomHost(5, [3, 3, 4, 1]).values, [3, 3, 4, 1]);
    const dy = tf.tensor(randomHost(6, [2, 6, 6, 4]).values, [2, 6, 6, 4]);
    const attrs = { strides: 1, dilations: 1, pad: 'same', inputShape: [2, 6, 6, 4] };
    expectNoLeaks(
      () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs) as tf.Tensor,
    );
    tf.dispose([filter, dy]);
  });
});
