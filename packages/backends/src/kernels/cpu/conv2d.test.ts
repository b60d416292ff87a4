import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type HostTensor, randomHost } from '../kernel-parity.js';
import {
  convCases,
  describeOnCpu,
  expectNoLeaks,
  expectStockParity,
  stockAndStrata,
} from './cpu-suite.test-util.js';

describeOnCpu('Conv2D on cpu', () => {
  it("matches tfjs-backend-cpu's kernel within 1e-4 over shapes, strides, dilations 1–2 and SAME/VALID/explicit padding", async () => {
    let seed = 1;
    for (const { dims, dilation, attrs, where } of convCases([1, 2])) {
      const [n, h, w, c, co, kh, kw] = dims;
      const x = randomHost(seed++, [n, h, w, c]);
      const filter = randomHost(seed++, [kh, kw, c, co]);
      await expectStockParity('Conv2D', { x, filter }, { ...attrs, dilations: dilation }, where);
    }
  });

  it('sends int32 inputs to the stock kernel, which keeps their dtype', async () => {
    const ints = (seed: number, shape: number[]): HostTensor => {
      const { values } = randomHost(seed, shape);
      return { values: Int32Array.from(values, (v) => Math.round(4 * v)), shape, dtype: 'int32' };
    };
    const inputs = { x: ints(1, [2, 5, 5, 2]), filter: ints(2, [2, 2, 2, 3]) };
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    const { stock, strata } = await stockAndStrata('Conv2D', inputs, attrs);
    expect(strata.dtype).toBe('int32');
    expect(Array.from(strata.values)).toEqual(Array.from(stock.values));
  });

  it('leaves no tensors behind and says NCHW is unsupported', () => {
    const x = tf.tensor(randomHost(7, [2, 8, 8, 3]).values, [2, 8, 8, 3]);
    const filter = tf.tensor(randomHost(8, [3, 3, 3, 4]).values, [3, 3, 3, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    expectNoLeaks(() => tf.engine().runKernel('Conv2D', { x, filter }, attrs) as tf.Tensor);
    const nchw = () => tf.engine().runKernel('Conv2D', { x, filter }, { ...attrs, dataFormat: 'NCHW' });
    expect(nchw).toThrow(BackendError);
    expect(nchw).toThrow(/Conv2D \(cpu\): only NHWC is supported, got NCHW/);
    tf.dispose([x, filter]);
  });
});
