import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { leakyReluWith } from './activations.js';
import { dense } from './dense.js';
import { constant } from './initializers/constant.js';
import { erf, expectClose } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

/** x · W + b by loops. */
function affine(x: number[][], w: number[][], b: number[]): number[] {
  return x.flatMap((row) => b.map((bj, j) => row.reduce((s, xi, i) => s + xi * w[i]![j]!, bj)));
}

describe('dense', () => {
  const x = [
    [1, -2, 0.5],
    [0, 3, -1],
  ];
  const w = [
    [0.2, -0.5],
    [1, 0.3],
    [-0.7, 0.1],
  ];
  const b = [0.05, -0.4];
  const params = () => ({ kernel: tf.tensor2d(w), bias: tf.tensor1d(b) });

  it('computes x·W + b', () => {
    const p = params();
    const { y } = dense({ units: 2 }).apply(p, tf.tensor2d(x), ctx);
    expect(y.shape).toEqual([2, 2]);
    expectClose(y.dataSync(), affine(x, w, b));
    tf.dispose([y, p.kernel, p.bias]);
  });

  it.each([
    ['relu', (v: number) => Math.max(v, 0)],
    ['relu6', (v: number) => Math.min(Math.max(v, 0), 6)],
    ['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))],
    ['elu', (v: number) => (v > 0 ? v : Math.exp(v) - 1)],
    ['leakyRelu', (v: number) => (v > 0 ? v : 0.2 * v)],
    ['tanh', Math.tanh],
    ['gelu', (v: number) => v * 0.5 * (1 + erf(v / Math.SQRT2))],
  ] as const)('applies %s after the product', (name, fn) => {
    const p = params();
    const { y } = dense({ units: 2, activation: name }).apply(p, tf.tensor2d(x), ctx);
    expectClose(y.dataSync(), affine(x, w, b).map(fn), 1e-5);
    tf.dispose([y, p.kernel, p.bias]);
  });

  it('applies to the last axis of a rank-3 input and works without bias', () => {
    const kernel = tf.tensor2d(w);
    const x3 = tf.tensor3d([x, x.map((r) => r.map((v) => -v))]);
    const { y } = dense({ units: 2, useBias: false }).apply({ kernel }, x3, ctx);
    expect(y.shape).toEqual([2, 2, 3 - 1]);
    const negX = x.map((r) => r.map((v) => -v));
    expectClose(y.dataSync(), [...affine(x, w, [0, 0]), ...affine(negX, w, [0, 0])]);
    tf.dispose([y, kernel, x3]);
  });

  it('inits params from the rng: kernel [in, units] Glorot-uniform, bias zeros, and infers the shape', () => {
    const layer = dense({ units: 4 });
    const a = layer.init(createRng(3), [null, 5]);
    const again = layer.init(createRng(3), [null, 5]);
    expect(a.outputShape).toEqual([null, 4]);
    const kernel = a.params.kernel as tf.Tensor;
    expect(kernel.shape).toEqual([5, 4]);
    expect(Array.from(kernel.dataSync())).toEqual(Array.from((again.params.kernel as tf.Tensor).dataSync()));
    const limit = Math.sqrt(6 / (5 + 4));
    expect(Math.max(...kernel.dataSync().map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from((a.params.bias as tf.Tensor).dataSync())).toEqual([0, 0, 0, 0]);
    expect(layer.init(createRng(0), [null, 7, 5]).outputShape).toEqual([null, 7, 4]);
    tf.dispose([...Object.values(a.params), ...Object.values(again.params)] as tf.Tensor[]);
  });

  it('takes initializers', () => {
    const { params } = dense({
      units: 2,
      kernelInitializer: constant(0.5),
      biasInitializer: constant(1),
    }).init(createRng(0), [null, 3]);
    expect(Array.from((params.kernel as tf.Tensor).dataSync())).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from((params.bias as tf.Tensor).dataSync())).toEqual([1, 1]);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });

  describe('gradients match central differences', () => {
    const rng = createRng(11);
    const xs = randomNormal(rng, [3, 4]);
    const k = randomNormal(rng, [4, 3]);
    const bias = randomNormal(rng, [3]);
    const f =
      (act: NonNullable<Parameters<typeof dense>[0]['activation']>) =>
      (xIn: tf.Tensor, kIn: tf.Tensor, bIn: tf.Tensor) =>
        dense({ units: 3, activation: act }).apply({ kernel: kIn, bias: bIn }, xIn, ctx).y;

    it.each(['linear', 'sigmoid', 'elu'] as const)('%s: w.r.t. input, kernel and bias', (act) => {
      const r = checkGradients(f(act), [xs, k, bias], { step: act === 'linear' ? 0.5 : 1e-2, rtol: 1e-3 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(12 + 12 + 3);
    });

    it.each([
      ['relu', (v: number) => (v > 0 ? 1 : 0)],
      ['relu6', (v: number) => (v > 0 ? (v < 6 ? 1 : 2) : 0)],
      ['leakyRelu', (v: number) => Math.sign(v)],
    ] as const)('%s (kinks skipped)', (act, piece) => {
      const r = checkGradients(f(act), [xs, k, bias], { step: 1e-3, rtol: 2e-3, piece });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBeGreaterThan(20);
    });

    it('a custom leaky slope, fused', () => {
      const r = checkGradients(f(leakyReluWith(0.1)), [xs, k, bias], {
        step: 1e-3,
        rtol: 2e-3,
        piece: Math.sign,
      });
      expect(r.failures).toEqual([]);
    });

    it('rank-3 input', () => {
      const x3 = randomNormal(createRng(2), [2, 2, 4]);
      const r = checkGradients(f('linear'), [x3, k, bias], { step: 0.5 });
      expect(r.failures).toEqual([]);
      x3.dispose();
    });
  });

  it('says what is wrong with bad options and inputs', () => {
    expect(() => dense({ units: 0 })).toThrow(
      new ConfigError('dense({units})', 'must be a positive integer, got 0'),
    );
    expect(() => dense({ units: 2, activaton: 'relu' } as never)).toThrow(/unknown option 'activaton'/);
    expect(() => dense({ units: 2, activation: 'rleu' as never })).toThrow(
      /dense\(\{activation\}\): must be one of/,
    );
    expect(() => dense({ units: 2, name: 'a/b' })).toThrow(/without '\/'/);
    expect(() => dense({ units: 2 }).init(createRng(0), [null, null])).toThrow(ShapeError);
    const p = params();
    const bad = tf.zeros([2, 4]);
    expect(() => dense({ units: 2, name: 'head' }).apply(p, bad, ctx)).toThrow(
      new ShapeError("dense 'head'", 'expected input shape [?, ..., 3], got [2, 4]'),
    );
    expect(() => dense({ units: 2 }).apply({ kernel: p.kernel }, bad, ctx)).toThrow(
      /params has no tensor 'bias'/,
    );
    tf.dispose([p.kernel, p.bias, bad]);
  });

  it('computes the input gradient only when the input is differentiated (data is not)', async () => {
    const p = params();
    const xt = tf.tensor2d(x);
    const layer = dense({ units: 2, activation: 'relu' });
    const loss = (xi: tf.Tensor, k: tf.Tensor, bi: tf.Tensor) =>
      layer.apply({ kernel: k, bias: bi }, xi, ctx).y;
    // The kernel gradient is one product (xᵀ·g), the input gradient another (g·Wᵀ).
    const products = async (run: () => tf.Tensor[]) =>
      (await tf.profile(() => tf.dispose(run()))).kernels.filter((k) => k.name === 'BatchMatMul').length;
    expect(
      await products(() => tf.grads((k: tf.Tensor, bi: tf.Tensor) => loss(xt, k, bi))([p.kernel, p.bias])),
    ).toBe(1);
    expect(await products(() => tf.grads(loss)([xt, p.kernel, p.bias]))).toBe(2);
    tf.dispose([xt, p.kernel, p.bias]);
  });

  it('leaks no tensors over repeated apply', () => {
    const p = params();
    const input = tf.tensor2d(x);
    const layer = dense({ units: 2, activation: 'tanh' });
    layer.apply(p, input, ctx).y.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) layer.apply(p, input, ctx).y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p.kernel, p.bias, input]);
  });
});
