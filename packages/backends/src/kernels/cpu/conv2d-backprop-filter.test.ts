import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { randomHost } from '../kernel-parity.js';
import { convCases, describeOnCpu, expectNoLeaks, expectStockParity } from './cpu-suite.test-util.js';

describeOnCpu('Conv2DBackpropFilter on cpu', () => {
  it("matches tfjs-backend-cpu's kernel within 1e-4 over shapes, strides and SAME/VALID/explicit padding", async () => {
    let seed = 1;
    for (const { dims, info, attrs, where } of convCases()) {
      const [n, h, w, c, co, kh, kw] = dims;
      const x = randomHost(seed++, [n, h, w, c]);
      const dy = randomHost(seed++, info.outShape);
      await expectStockParity(
        'Conv2DBackpropFilter',
        { x, dy },
        { ...attrs, filterShape: [kh, kw, c, co] },
        where,
      );
    }
  });

  it('matches on a dilated filter shape (how Strata differentiates a dilated conv) and with 16 → 24 channels', async () => {
    // Strata's Conv2D gradient runs this kernel with the dilated filter's shape (3×3 dilation 2 → 5×5).
    const x = randomHost(10, [2, 9, 8, 3]);
    const dy = randomHost(11, [2, 9, 8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 3, 4] };
    await expectStockParity('Conv2DBackpropFilter', { x, dy }, attrs, 'dilated 5×5');
    const x2 = randomHost(12, [2, 9, 9, 16]);
    const dy2 = randomHost(13, [2, 7, 7, 24]);
    const attrs2 = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 16, 24] };
    await expectStockParity('Conv2DBackpropFilter', { x: x2, dy: dy2 }, attrs2, '16 → 24 channels');
  });

  it('leaves no tensors behind and says NCHW is unsupported', () => {
    const x = tf.tensor(randomHost(7, [2, 8, 8, 3]).values, [2, 8, 8, 3]);
    const dy = tf.tensor(randomHost(8, [2, 8, 8, 4]).values, [2, 8, 8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
    expectNoLeaks(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor);
    const nchw = () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' });
    expect(nchw).toThrow(BackendError);
    expect(nchw).toThrow(/Conv2DBackpropFilter \(cpu\): only NHWC is supported, got NCHW/);
    tf.dispose([x, dy]);
  });
});
