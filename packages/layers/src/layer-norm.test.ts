import { ConfigError, createRng, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { layerNorm } from './layer-norm.js';
import { normParitySuite } from './testing/norm-suite.test-util.js';
import { values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const [N, T, C] = [2, 3, 4];
const X = values(N * T * C, 5, 2);
const GAMMA = [1, -2, 0.5, 3];
const BETA = [0, 0.1, -0.3, 2];

/** Each row of C features: (x − mean) / √(biased var + ε) · γ + β, by loops. */
function reference(eps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < N * T; r++) {
    const row = X.slice(r * C, r * C + C);
    const m = row.reduce((a, b) => a + b, 0) / C;
    const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / C;
    for (const [c, x] of row.entries()) out.push(((x - m) / Math.sqrt(v + eps)) * GAMMA[c]! + BETA[c]!);
  }
  return out;
}

describe('layerNorm', () => {
  const tensors = () => ({
    x: tf.tensor3d(X, [N, T, C]),
    gamma: tf.tensor1d(GAMMA),
    beta: tf.tensor1d(BETA),
  });

  it('normalizes each position over its features (loop reference), the same in training and inference', () => {
    const t = tensors();
    for (const training of [true, false]) {
      const { y, state } = layerNorm().apply({ gamma: t.gamma, beta: t.beta }, t.x, { training, state: {} });
      expect(state).toEqual({});
      expectClose(y.dataSync(), reference(1e-3), 1e-5);
      y.dispose();
    }
    tf.dispose([t.x, t.gamma, t.beta]);
  });

  it('over several axes: [T, C] per sample, gamma [T, C]', () => {
    const x = tf.tensor3d(X, [N, T, C]);
    const { y } = layerNorm({ axis: [1, 2], center: false, scale: false }).apply({}, x, {
      training: false,
      state: {},
    });
    const want: number[] = [];
    for (let n = 0; n < N; n++) {
      const s = X.slice(n * T * C, (n + 1) * T * C);
      const m = s.reduce((a, b) => a + b, 0) / s.length;
      const v = s.reduce((a, b) => a + (b - m) ** 2, 0) / s.length;
      for (const val of s) want.push((val - m) / Math.sqrt(v + 1e-3));
    }
    expectClose(y.dataSync(), want, 1e-5);
    const init = layerNorm({ axis: [1, 2] }).init(createRng(0), [null, T, C]);
    expect((init.params.gamma as tf.Tensor).shape).toEqual([T, C]);
    expect(init.outputShape).toEqual([null, T, C]);
    tf.dispose([x, y, ...(Object.values(init.params) as tf.Tensor[])]);
  });

  it('gradients match central differences (input, gamma, beta)', () => {
    const t = tensors();
    const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      layerNorm().apply({ gamma: g, beta: b }, x, { training: true, state: {} }).y;
    const r = checkGradients(f, [t.x, t.gamma, t.beta], { step: 1e-2, rtol: 1e-2, atol: 1e-3 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(N * T * C + 2 * C);
    tf.dispose([t.x, t.gamma, t.beta]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = layerNorm();
    const x = tf.tensor3d(X, [N, T, C]);
    const step = () => {
      const { params } = layer.init(createRng(1), [null, T, C]);
      const grads = tf.grads(
        (g: tf.Tensor, b: tf.Tensor) =>
          layer.apply({ gamma: g, beta: b }, x, { training: true, state: {} }).y,
      )([params.gamma as tf.Tensor, params.beta as tf.Tensor]);
      tf.dispose([...grads, ...(Object.values(params) as tf.Tensor[])]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  normParitySuite([
    ['last axis, rank 3', () => layerNorm(), [3, 4, 6], true],
    ['two axes', () => layerNorm({ axis: [1, 2] }), [2, 3, 5], false],
  ]);

  it('says what is wrong with bad options and inputs', () => {
    expect(() => layerNorm({ axis: [] })).toThrow(ConfigError);
    expect(() => layerNorm({ epsilon: -1 })).toThrow(/layerNorm\(\{epsilon\}\)/);
    expect(() => layerNorm({ axis: 0 }).init(createRng(0), [null, 3])).toThrow(ShapeError);
    const x = tf.zeros([2, 5]);
    const g = tf.ones([4]);
    expect(() =>
      layerNorm({ center: false, name: 'ln' }).apply({ gamma: g }, x, { training: false, state: {} }),
    ).toThrow(new ShapeError("layerNorm 'ln'", 'input [2, 5] normalizes over [5], params are [4]'));
    tf.dispose([x, g]);
  });
});
