import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { ConfigError, createRng, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constant } from './initializers/constant.js';
import { lstm } from './lstm.js';
import { recurrentSuite } from './testing/recurrent-suite.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: true, state: {} };

describe('lstm', () => {
  recurrentSuite({ kind: 'lstm', make: lstm, gates: 4, states: 2, biasShape: (u) => [4 * u] });

  it('starts the forget gate bias at 1 (unitForgetBias, Keras default) and the rest from biasInitializer', () => {
    const a = lstm({ units: 2 }).init(createRng(0), [null, 3, 1]);
    expect(Array.from((a.params.bias as tf.Tensor).dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const b = lstm({ units: 2, biasInitializer: constant(0.5) }).init(createRng(0), [null, 3, 1]);
    expect(Array.from((b.params.bias as tf.Tensor).dataSync())).toEqual([0.5, 0.5, 1, 1, 0.5, 0.5, 0.5, 0.5]);
    const c = lstm({ units: 2, unitForgetBias: false }).init(createRng(0), [null, 3, 1]);
    expect(Array.from((c.params.bias as tf.Tensor).dataSync())).toEqual(new Array(8).fill(0));
    tf.dispose([a, b, c].flatMap((r) => Object.values(r.params) as tf.Tensor[]));
  });

  it('one step by hand: c = i·g, h = o·tanh(c) from a zero state', () => {
    // Kernel [1, 4]: every gate's pre-activation is w·x; the recurrent kernel does not matter at h = 0.
    const kernel = tf.tensor2d([[0.5, -1, 2, 1]]);
    const recurrentKernel = tf.zeros([1, 4]);
    const bias = tf.zeros([4]);
    const x = tf.tensor3d([[[0.8]]]);
    const { y } = lstm({ units: 1 }).apply({ kernel, recurrentKernel, bias }, x, {
      training: false,
      state: {},
    });
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const c = s(0.4) * Math.tanh(1.6);
    expectClose(y.dataSync(), [s(0.8) * Math.tanh(c)], 1e-6);
    tf.dispose([kernel, recurrentKernel, bias, x, y]);
  });

  it("runs each step as one StrataLstmCell kernel, and back as one StrataLstmCellGrad, where Strata's kernels are registered", async () => {
    const kernelsOf = async (setup: () => Promise<unknown>) => {
      await setup();
      const layer = lstm({ units: 3 });
      const { params } = layer.init(createRng(0), [null, 5, 2]);
      const x = tf.ones([2, 5, 2]);
      const names = (
        await tf.profile(() => {
          const g = tf.grad((k: tf.Tensor) => tf.sum(layer.apply({ ...params, kernel: k }, x, ctx).y));
          return g(params.kernel as tf.Tensor);
        })
      ).kernels.map((k) => k.name);
      tf.dispose([x, ...(Object.values(params) as tf.Tensor[])]);
      return {
        cell: names.filter((n) => n === 'StrataLstmCell').length,
        grad: names.filter((n) => n === 'StrataLstmCellGrad').length,
      };
    };
    try {
      expect(await kernelsOf(() => useBackend('cpu'))).toEqual({ cell: 5, grad: 5 });
      expect(await kernelsOf(async () => unregisterTrainingKernels({ backend: 'cpu' }))).toEqual({
        cell: 0,
        grad: 0,
      });
    } finally {
      unregisterTrainingKernels({ backend: 'cpu' });
    }
  });

  it('says what is wrong with bad options and inputs', () => {
    expect(() => lstm({ units: 0 })).toThrow(
      new ConfigError('lstm({units})', 'must be a positive integer, got 0'),
    );
    expect(() => lstm({ units: 2, unitForgetBias: 1 as never })).toThrow(/unitForgetBias/);
    expect(() => lstm({ units: 2, retrunSequences: true } as never)).toThrow(
      /unknown option 'retrunSequences'/,
    );
    expect(() => lstm({ units: 2 }).init(createRng(0), [null, 3])).toThrow(ShapeError);
    const layer = lstm({ units: 2, name: 'enc' });
    const { params } = layer.init(createRng(0), [null, 3, 4]);
    const bad = tf.zeros([2, 3, 5]);
    const x = tf.zeros([2, 3, 4]);
    expect(() => layer.apply(params, bad, { training: false, state: {} })).toThrow(
      new ShapeError("lstm 'enc'", 'expected input shape [?, ?, 4] (batch, time, features), got [2, 3, 5]'),
    );
    expect(() =>
      layer.call(params, x, { training: false, state: {} }, { initialState: [tf.zeros([2, 2])] }),
    ).toThrow(/must be an array of 2 tensors \(h, c\), got 1/);
    expect(() => layer.call(params, x, { training: false, state: {} }, { mask: tf.ones([2, 4]) })).toThrow(
      /call\(\{mask\}\).*\[2, 3\].*got \[2, 4\]/,
    );
    tf.dispose([bad, x, ...(Object.values(params) as tf.Tensor[])]);
  });
});
