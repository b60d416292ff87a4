import { CONV_POOL_BACKPROP_KERNEL } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  convPoolAttrs as attrs,
  convPoolCases as cases,
  denseConvPoolGrads as dense,
} from '../conv-pool-cases.test-util.js';
import { maxRelativeError, randomHost } from '../kernel-parity.js';
import { describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

describeOnWasm(`${CONV_POOL_BACKPROP_KERNEL} on wasm`, () => {
  it('equals MaxPoolGrad followed by the dense conv gradients on cpu, ties routed to the first maximum', async () => {
    let seed = 11;
    for (const c of cases) {
      const [n, h, w, ci, co, kh, kw] = c.dims;
      const host = { x: randomHost(seed++, [n, h, w, ci]), filter: randomHost(seed++, [kh, kw, ci, co]) };
      // relu(conv) as in a CNN: windows of zeros tie, and the routing must break ties as MaxPoolGrad does.
      await tf.setBackend('cpu');
      const make = () => {
        const x = tf.tensor(host.x.values, host.x.shape);
        const filter = tf.tensor(host.filter.values, host.filter.shape);
        const y = tf.relu(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad));
        const out = tf.maxPool(y as tf.Tensor4D, c.poolSize, c.poolStrides, c.poolPad);
        return { x, filter, y, out };
      };
      const onCpu = make();
      const dyHost = randomHost(seed++, onCpu.out.shape);
      const dy = tf.tensor(dyHost.values, dyHost.shape);
      const want = dense(onCpu.x, onCpu.filter, onCpu.y, onCpu.out, dy, c);
      tf.dispose([...Object.values(onCpu), dy]);
      await tf.setBackend('wasm');
      const onWasm = make();
      const dyW = tf.tensor(dyHost.values, dyHost.shape);
      const inputs = { x: onWasm.x, filter: onWasm.filter, y: onWasm.y, dy: dyW };
      const dw = tf
        .engine()
        .runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, attrs(c, 'filter') as never) as tf.Tensor;
      const dx = tf
        .engine()
        .runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, attrs(c, 'input') as never) as tf.Tensor;
      const where = JSON.stringify(c);
      expect(dw.shape, where).toEqual([kh, kw, ci, co]);
      expect(dx.shape, where).toEqual([n, h, w, ci]);
      expect(maxRelativeError(dw.dataSync(), want.dw), where).toBeLessThan(1e-4);
      expect(maxRelativeError(dx.dataSync(), want.dx), where).toBeLessThan(1e-4);
      tf.dispose([...Object.values(onWasm), dyW, dw, dx]);
    }
  });

  it('refuses overlapping pool windows and mismatched shapes, and leaks nothing', () => {
    const c = cases[0]!;
    const x = tf.ones([2, 8, 8, 1]);
    const filter = tf.ones([3, 3, 1, 4]);
    const y = tf.ones([2, 6, 6, 4]);
    const dy = tf.ones([2, 3, 3, 4]);
    const run = (a: object, inputs = { x, filter, y, dy }) =>
      tf.engine().runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, a as never) as tf.Tensor;
    expect(() => run({ ...attrs(c, 'filter'), poolStrides: [1, 1] })).toThrow(/pool windows overlap/);
    const shortY = tf.ones([2, 5, 6, 4]);
    const shortDy = tf.ones([2, 2, 3, 4]);
    expect(() => run(attrs(c, 'filter'), { x, filter, y: shortY, dy })).toThrow(
      /y has shape \[2,5,6,4\] but the convolution gives \[2,6,6,4\]/,
    );
    expect(() => run(attrs(c, 'input'), { x, filter, y, dy: shortDy })).toThrow(/dy has shape/);
    expectNoLeaks(() => [run(attrs(c, 'filter')), run(attrs(c, 'input'))]);
    tf.dispose([x, filter, y, dy, shortY, shortDy]);
  });
});
