import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { randomHost } from '../kernel-parity.js';
import { convCases, describeOnCpu, expectNoLeaks, expectStockParity } from './cpu-suite.test-util.js';

const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

describeOnCpu('FusedConv2D on cpu', () => {
  it("matches tfjs-backend-cpu's kernel within 1e-4 over the conv grid with bias and relu", async () => {
    let seed = 1;
    for (const { dims, dilation, attrs, where } of convCases([1, 2])) {
      const [n, h, w, c, co, kh, kw] = dims;
      const x = randomHost(seed++, [n, h, w, c]);
      const filter = randomHost(seed++, [kh, kw, c, co]);
      const bias = randomHost(seed++, [co]);
      const fused = { ...attrs, dilations: dilation, activation: 'relu' };
      await expectStockParity('FusedConv2D', { x, filter, bias }, fused, where);
    }
  });

  it('matches for every activation, for no bias, and for biases broadcast in other ways', async () => {
    const [n, h, w, c, co] = [2, 6, 7, 3, 4];
    const x = randomHost(1, [n, h, w, c]);
    const filter = randomHost(2, [3, 3, c, co]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, leakyreluAlpha: 0.1 };
    const biases = {
      none: undefined,
      perChannel: randomHost(3, [co]),
      rank4PerChannel: randomHost(4, [1, 1, 1, co]),
      scalar: randomHost(5, [1]),
      perColumn: randomHost(6, [w, co]), // broadcast over width too: added by tfjs's Add kernel
    };
    let seed = 10;
    for (const activation of activations) {
      for (const [name, bias] of Object.entries(biases)) {
        const inputs = {
          x,
          filter,
          ...(bias === undefined ? {} : { bias }),
          ...(activation === 'prelu' ? { preluActivationWeights: randomHost(seed++, [co]) } : {}),
        };
        await expectStockParity(
          'FusedConv2D',
          inputs,
          { ...attrs, activation },
          `${activation} bias ${name}`,
        );
      }
    }
  });

  it('leaves no tensors behind, also through the stock bias and activation kernels, and says NCHW is unsupported', () => {
    const x = tf.tensor(randomHost(7, [2, 8, 8, 3]).values, [2, 8, 8, 3]);
    const filter = tf.tensor(randomHost(8, [3, 3, 3, 4]).values, [3, 3, 3, 4]);
    const bias = tf.tensor(randomHost(9, [8, 4]).values, [8, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'elu' };
    expectNoLeaks(() => tf.engine().runKernel('FusedConv2D', { x, filter, bias }, attrs) as tf.Tensor);
    const relu = { ...attrs, activation: 'relu' };
    expectNoLeaks(() => tf.engine().runKernel('FusedConv2D', { x, filter, bias }, relu) as tf.Tensor);
    const nchw = () => tf.engine().runKernel('FusedConv2D', { x, filter }, { ...attrs, dataFormat: 'NCHW' });
    expect(nchw).toThrow(BackendError);
    expect(nchw).toThrow(/FusedConv2D \(cpu\): only NHWC is supported, got NCHW/);
    tf.dispose([x, filter, bias]);
  });
});
