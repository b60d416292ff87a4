import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { ConfigError, createRng, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { dense } from './dense.js';
import { embedding } from './embedding.js';
import { lstm } from './lstm.js';
import { sequential } from './sequential.js';
import { values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';
import { timeDistributed } from './time-distributed.js';

const ctx = { training: true, state: {} };
const [B, T, IN, OUT] = [2, 3, 4, 2];
const X = values(B * T * IN, 1);
const W = values(IN * OUT, 2);
const BIAS = [0.5, -0.25];

describe('timeDistributed', () => {
  it('applies the inner layer to every step with the same params (loop reference) and infers the shape', () => {
    const x = tf.tensor3d(X, [B, T, IN]);
    const params = { kernel: tf.tensor2d(W, [IN, OUT]), bias: tf.tensor1d(BIAS) };
    const layer = timeDistributed(dense({ units: OUT }));
    const { y } = layer.apply(params, x, ctx);
    const want: number[] = [];
    for (let s = 0; s < B * T; s++)
      for (let o = 0; o < OUT; o++) {
        let v = BIAS[o]!;
        for (let i = 0; i < IN; i++) v += X[s * IN + i]! * W[i * OUT + o]!;
        want.push(v);
      }
    expectClose(y.dataSync(), want, 1e-5);
    const init = layer.init(createRng(0), [null, T, IN]);
    expect(init.outputShape).toEqual([null, T, OUT]);
    expect(y.shape).toEqual([B, T, OUT]);
    expect(layer.init(createRng(0), [4, 5, IN]).outputShape).toEqual([4, 5, OUT]);
    tf.dispose([x, y, params.kernel, params.bias, ...(Object.values(init.params) as tf.Tensor[])]);
  });

  it('gradients match central differences', () => {
    const x = tf.tensor3d(X, [B, T, IN]);
    const k = tf.tensor2d(W, [IN, OUT]);
    const b = tf.tensor1d(BIAS);
    const layer = timeDistributed(dense({ units: OUT, activation: 'sigmoid' }));
    const r = checkGradients((xi, ki, bi) => layer.apply({ kernel: ki!, bias: bi! }, xi!, ctx).y, [x, k, b], {
      step: 1e-2,
      rtol: 1e-2,
      atol: 1e-3,
    });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(X.length + W.length + OUT);
    tf.dispose([x, k, b]);
  });

  it('keeps the mask of an embedding with maskZero for the recurrent layer after it', () => {
    const ids = tf.tensor2d(
      [
        [3, 0, 0],
        [1, 2, 0],
      ],
      [2, 3],
      'int32',
    );
    const rnn = lstm({ units: 2, returnSequences: true });
    const model = sequential([
      embedding({ inputDim: 5, outputDim: 3, maskZero: true }),
      timeDistributed(dense({ units: 3 })),
      rnn,
    ]);
    const { params } = model.init(createRng(1), [null, 3]);
    const y = model.apply(params, ids, ctx).y.arraySync() as number[][][];
    // Padded steps repeat the last real output.
    expect(y[0]![1]).toEqual(y[0]![0]);
    expect(y[0]![2]).toEqual(y[0]![0]);
    expect(y[1]![2]).toEqual(y[1]![1]);
    expect(y[1]![1]).not.toEqual(y[1]![0]);
    tf.dispose([ids, ...(Object.values(params).flatMap((p) => Object.values(p)) as tf.Tensor[])]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = timeDistributed(dense({ units: OUT }));
    const x = tf.tensor3d(X, [B, T, IN]);
    const step = () => {
      const { params } = layer.init(createRng(1), [null, T, IN]);
      const grads = tf.grads((k: tf.Tensor, b: tf.Tensor) => layer.apply({ kernel: k, bias: b }, x, ctx).y)([
        params.kernel as tf.Tensor,
        params.bias as tf.Tensor,
      ]);
      tf.dispose([...grads, ...(Object.values(params) as tf.Tensor[])]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  describe('the same forward and gradients on wasm as on cpu (stock kernels)', () => {
    afterAll(async () => {
      await useBackend('cpu');
    });
    it('dense relu per step', async () => {
      const run = () =>
        tf.tidy(() => {
          const layer = timeDistributed(dense({ units: 3, activation: 'relu' }));
          const { params } = layer.init(createRng(1), [null, T, IN]);
          const x = tf.tensor3d(X, [B, T, IN]);
          const f = (xi: tf.Tensor) => layer.apply(params, xi, ctx).y;
          const dy = tf.tensor3d(values(B * T * 3, 3), [B, T, 3]);
          return [f(x), tf.grads(f)([x], dy)[0]!].map((t) => Array.from(t.dataSync()));
        });
      await useBackend('cpu');
      unregisterTrainingKernels({ backend: 'cpu' });
      const want = run();
      await useBackend('wasm');
      run().forEach((v, i) => {
        expectClose(v, want[i]!, 1e-4);
      });
    });
  });

  it('says what is wrong with bad layers and inputs', () => {
    expect(() => timeDistributed({} as never)).toThrow(ConfigError);
    const layer = timeDistributed(dense({ units: 2 }), { name: 'td' });
    expect(() => layer.init(createRng(0), [null, 3])).toThrow(
      new ShapeError(
        "timeDistributed 'td'",
        'expected an input shape [batch, time, ...features], got [?, 3]',
      ),
    );
  });
});
