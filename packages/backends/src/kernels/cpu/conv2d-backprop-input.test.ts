import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { randomHost } from '../kernel-parity.js';
import { convCases, describeOnCpu, expectNoLeaks, expectStockParity } from './cpu-suite.test-util.js';

describeOnCpu('Conv2DBackpropInput on cpu', () => {
  it("matches tfjs-backend-cpu's kernel within 1e-4 over shapes, strides and SAME/VALID/explicit padding", async () => {
    let seed = 1;
    for (const { dims, info, attrs, where } of convCases()) {
      const [n, h, w, c, co, kh, kw] = dims;
      const filter = randomHost(seed++, [kh, kw, c, co]);
      const dy = randomHost(seed++, info.outShape);
      await expectStockParity(
        'Conv2DBackpropInput',
        { dy, filter },
        { ...attrs, inputShape: [n, h, w, c] },
        where,
      );
    }
  });

  it('matches on a dilated filter (how Strata differentiates a dilated conv) and with 16 → 24 channels', async () => {
    // Strata's Conv2D gradient runs this kernel on the dilated filter (3×3 dilation 2 → 5×5 with zeros).
    const filter = randomHost(10, [5, 5, 3, 4]);
    const dy = randomHost(11, [2, 9, 8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 9, 8, 3] };
    await expectStockParity('Conv2DBackpropInput', { dy, filter }, attrs, 'dilated 5×5');
    const filter2 = randomHost(12, [3, 3, 16, 24]);
    const dy2 = randomHost(13, [2, 7, 7, 24]);
    const attrs2 = { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [2, 9, 9, 16] };
    await expectStockParity('Conv2DBackpropInput', { dy: dy2, filter: filter2 }, attrs2, '16 → 24 channels');
  });

  it('leaves no tensors behind and says NCHW is unsupported', () => {
    const filter = tf.tensor(randomHost(7, [3, 3, 3, 4]).values, [3, 3, 3, 4]);
    const dy = tf.tensor(randomHost(8, [2, 8, 8, 4]).values, [2, 8, 8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 3] };
    expectNoLeaks(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor);
    const nchw = () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, dataFormat: 'NCHW' });
    expect(nchw).toThrow(BackendError);
    expect(nchw).toThrow(/Conv2DBackpropInput \(cpu\): only NHWC is supported, got NCHW/);
    tf.dispose([filter, dy]);
  });
});
