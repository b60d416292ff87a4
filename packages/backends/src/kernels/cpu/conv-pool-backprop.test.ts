import { BackendError, CONV_POOL_BACKPROP_KERNEL } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  convPoolAttrs as attrs,
  type ConvPoolCase,
  convPoolCases as cases,
  denseConvPoolGrads as dense,
} from '../conv-pool-cases.test-util.js';
import { maxRelativeError, randomHost } from '../kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';
import { convPoolBackpropCpu } from './conv-pool-backprop.js';
import { describeOnCpu, expectNoLeaks } from './cpu-suite.test-util.js';

/** Pool windows of y whose maximum occurs more than once, over all channels. */
function tiedWindows(y: tf.Tensor, c: ConvPoolCase): number {
  const [n, h, w, co] = y.shape as [number, number, number, number];
  const v = y.dataSync();
  const info = tf.backend_util.computePool2DInfo([n, h, w, co], c.poolSize, c.poolStrides, 1, c.poolPad);
  let ties = 0;
  for (let b = 0; b < n; b++) {
    for (let ph = 0; ph < info.outHeight; ph++) {
      for (let pw = 0; pw < info.outWidth; pw++) {
        for (let ch = 0; ch < co; ch++) {
          const seen: number[] = [];
          for (let i = 0; i < c.poolSize[0]; i++) {
            for (let j = 0; j < c.poolSize[1]; j++) {
              const r = ph * c.poolStrides[0] - info.padInfo.top + i;
              const s = pw * c.poolStrides[1] - info.padInfo.left + j;
              if (r >= 0 && r < h && s >= 0 && s < w) seen.push(v[((b * h + r) * w + s) * co + ch] as number);
            }
          }
          const top = Math.max(...seen);
          if (seen.filter((t) => t === top).length > 1) ties++;
        }
      }
    }
  }
  return ties;
}

describeOnCpu(`${CONV_POOL_BACKPROP_KERNEL} on cpu`, () => {
  it('equals MaxPoolGrad followed by the dense conv gradients (stock and Strata cpu kernels), ties routed to the first maximum', () => {
    let seed = 31;
    for (const c of cases) {
      const [n, h, w, ci, co, kh, kw] = c.dims;
      const hx = randomHost(seed++, [n, h, w, ci]);
      const hf = randomHost(seed++, [kh, kw, ci, co]);
      const x = tf.tensor(hx.values, hx.shape);
      const filter = tf.tensor(hf.values, hf.shape);
      // relu(conv + bias) as in a CNN: windows of zeros tie, and the routing must break ties as
      // MaxPoolGrad does. A bias of −0.6 standard deviations of the conv output (a sum of kh·kw·ci
      // products of two uniform [−1, 1) values, variance 1/9 each) makes such windows common.
      const bias = 0.6 * Math.sqrt((kh * kw * ci) / 9);
      const y = tf.tidy(() =>
        tf.relu(tf.sub(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad), bias)),
      );
      const out = tf.maxPool(y as tf.Tensor4D, c.poolSize, c.poolStrides, c.poolPad);
      const hdy = randomHost(seed++, out.shape);
      const dy = tf.tensor(hdy.values, hdy.shape);
      const where = JSON.stringify(c);
      expect(tiedWindows(y, c), where).toBeGreaterThan(0);
      unregisterTrainingKernels({ backend: 'cpu' });
      const stock = dense(x, filter, y, out, dy, c);
      registerTrainingKernels({ backend: 'cpu' });
      const strata = dense(x, filter, y, out, dy, c);
      const inputs = { x, filter, y, dy };
      const dw = tf
        .engine()
        .runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, attrs(c, 'filter') as never) as tf.Tensor;
      const dx = tf
        .engine()
        .runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, attrs(c, 'input') as never) as tf.Tensor;
      expect(dw.shape, where).toEqual([kh, kw, ci, co]);
      expect(dx.shape, where).toEqual([n, h, w, ci]);
      const dwv = dw.dataSync();
      const dxv = dx.dataSync();
      for (const want of [stock, strata]) {
        expect(maxRelativeError(dwv, want.dw), where).toBeLessThan(1e-5);
        expect(maxRelativeError(dxv, want.dx), where).toBeLessThan(1e-5);
      }
      tf.dispose([x, filter, y, out, dy, dw, dx]);
    }
  });

  it('routes a tie to the first maximum of the window in row-major order', () => {
    registerTrainingKernels({ backend: 'cpu' });
    // 1×1 conv of a 2×2 two-channel image whose output channel 0 is input channel 0, [0, 2, 2, 0]:
    // the window ties at (0,1) and (1,0), so dW = g·x[0,1] and only dx[0,1] = g·W receive gradient.
    const x = tf.tensor4d([0, 1, 2, 5, 2, 7, 0, 1], [1, 2, 2, 2]);
    const filter = tf.tensor4d([1, 0, 0, 0], [1, 1, 2, 2]);
    const y = tf.conv2d(x, filter, 1, 'valid');
    const dy = tf.tensor4d([3, 0], [1, 1, 1, 2]);
    const c = { strides: [1, 1], pad: 'valid', poolSize: [2, 2], poolStrides: [2, 2], poolPad: 'valid' };
    const run = (wrt: string) =>
      tf
        .engine()
        .runKernel(CONV_POOL_BACKPROP_KERNEL, { x, filter, y, dy }, { ...c, wrt } as never) as tf.Tensor;
    const dw = run('filter');
    const dx = run('input');
    // x[0,1] = [2, 5]; g = 3 on output channel 0: dW[0,0,:,0] = [6, 15] (x[1,0] would give [6, 21]).
    expect(Array.from(dw.dataSync())).toEqual([6, 0, 15, 0]);
    // W[0,0,:,0] = [1, 0]: dx[0,1,:] = [3, 0], zero elsewhere.
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 3, 0, 0, 0, 0, 0]);
    tf.dispose([x, filter, y, dy, dw, dx]);
  });

  it('refuses overlapping pools, mismatched shapes, bad ranks, dtypes and wrt with labelled errors, and leaks nothing', () => {
    registerTrainingKernels({ backend: 'cpu' });
    const c = cases[0]!;
    const x = tf.ones([2, 8, 8, 6]);
    const filter = tf.ones([3, 3, 6, 4]);
    const y = tf.ones([2, 6, 6, 4]);
    const dy = tf.ones([2, 3, 3, 4]);
    const run = (a: object, inputs: Record<string, tf.Tensor> = { x, filter, y, dy }) =>
      tf.engine().runKernel(CONV_POOL_BACKPROP_KERNEL, inputs, a as never) as tf.Tensor;
    const label = /^StrataConvPoolBackprop \(cpu\): /;
    const shortY = tf.ones([2, 5, 6, 4]);
    const shortDy = tf.ones([2, 2, 3, 4]);
    const flat = tf.ones([2, 8, 8 * 6]);
    const ints = tf.ones([2, 6, 6, 4], 'int32');
    const bad: [() => unknown, RegExp][] = [
      [() => run({ ...attrs(c, 'filter'), poolStrides: [1, 1] }), /pool windows overlap/],
      [
        () => run(attrs(c, 'filter'), { x, filter, y: shortY, dy }),
        /y has shape \[2,5,6,4\] but the convolution gives \[2,6,6,4\]/,
      ],
      [
        () => run(attrs(c, 'input'), { x, filter, y, dy: shortDy }),
        /dy has shape \[2,2,3,4\] but the pool gives \[2,3,3,4\]/,
      ],
      [() => run(attrs(c, 'input'), { x: flat, filter, y, dy }), /x must be rank 4 \(NHWC\)/],
      [() => run(attrs(c, 'filter'), { x, filter, y: ints, dy }), /y must be float32, got int32/],
      [() => run({ ...attrs(c, 'filter'), wrt: 'bias' }), /wrt must be 'filter' or 'input', got bias/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(BackendError);
      expect(call).toThrow(label);
      expect(call).toThrow(message);
    }
    expect(() =>
      convPoolBackpropCpu({ inputs: { x, filter, y, dy }, attrs: attrs(c, 'filter'), backend: {} }),
    ).toThrow(/StrataConvPoolBackprop \(cpu\): this kernel runs only on tfjs-backend-cpu/);
    expectNoLeaks(() => [run(attrs(c, 'filter')), run(attrs(c, 'input'))]);
    tf.dispose([x, filter, y, dy, shortY, shortDy, flat, ints]);
  });
});
