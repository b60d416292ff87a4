import { ConfigError, createRng, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchNorm } from './batch-norm.js';
import { normParitySuite } from './testing/norm-suite.test-util.js';
import { values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const [N, H, C] = [4, 3, 2];
const X = values(N * H * C, 1, 3);
const GAMMA = [1.5, -0.5];
const BETA = [0.2, 1];
const MM = [0.3, -0.1];
const MV = [2, 0.5];

/** Per channel c: mean and biased variance of x[n, h, c] over n and h, by loops. */
function channelStats(): { mean: number[]; variance: number[] } {
  const mean = [0, 0];
  const variance = [0, 0];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let i = 0; i < N * H; i++) s += X[i * C + c]!;
    mean[c] = s / (N * H);
    let q = 0;
    for (let i = 0; i < N * H; i++) q += (X[i * C + c]! - mean[c]!) ** 2;
    variance[c] = q / (N * H);
  }
  return { mean, variance };
}

function normalized(mean: number[], variance: number[], eps: number): number[] {
  return X.map((v, i) => {
    const c = i % C;
    return (GAMMA[c]! * (v - mean[c]!)) / Math.sqrt(variance[c]! + eps) + BETA[c]!;
  });
}

describe('batchNorm', () => {
  const tensors = () => ({
    x: tf.tensor3d(X, [N, H, C]),
    params: { gamma: tf.tensor1d(GAMMA), beta: tf.tensor1d(BETA) },
    state: { movingMean: tf.tensor1d(MM), movingVariance: tf.tensor1d(MV) },
  });

  it('training: batch statistics over every axis but the last, Keras moving averages (momentum 0.99, biased variance)', () => {
    const t = tensors();
    const { y, state } = batchNorm().apply(t.params, t.x, { training: true, state: t.state });
    const { mean, variance } = channelStats();
    expectClose(y.dataSync(), normalized(mean, variance, 1e-3), 1e-5);
    expectClose(
      (state.movingMean as tf.Tensor).dataSync(),
      MM.map((m, c) => 0.99 * m + 0.01 * mean[c]!),
      1e-6,
    );
    expectClose(
      (state.movingVariance as tf.Tensor).dataSync(),
      MV.map((v, c) => 0.99 * v + 0.01 * variance[c]!),
      1e-6,
    );
    tf.dispose([
      y,
      t.x,
      ...Object.values(state),
      ...Object.values(t.params),
      ...Object.values(t.state),
    ] as tf.Tensor[]);
  });

  it('inference: the moving statistics, returned unchanged', () => {
    const t = tensors();
    const { y, state } = batchNorm({ epsilon: 0.01 }).apply(t.params, t.x, {
      training: false,
      state: t.state,
    });
    expectClose(y.dataSync(), normalized(MM, MV, 0.01), 1e-5);
    expect(state.movingMean).toBe(t.state.movingMean);
    expect(state.movingVariance).toBe(t.state.movingVariance);
    tf.dispose([y, t.x, ...Object.values(t.params), ...Object.values(t.state)] as tf.Tensor[]);
  });

  it('moving statistics converge to the data statistics over repeated training steps (momentum 0.5)', () => {
    const t = tensors();
    let state: Record<string, tf.Tensor> = t.state;
    const layer = batchNorm({ momentum: 0.5 });
    for (let i = 0; i < 30; i++) {
      const out = layer.apply(t.params, t.x, { training: true, state });
      out.y.dispose();
      if (state !== t.state) tf.dispose(Object.values(state));
      state = out.state as Record<string, tf.Tensor>;
    }
    const { mean, variance } = channelStats();
    expectClose(state.movingMean!.dataSync(), mean, 1e-5);
    expectClose(state.movingVariance!.dataSync(), variance, 1e-5);
    tf.dispose([t.x, ...Object.values(state), ...Object.values(t.params), ...Object.values(t.state)]);
  });

  it('another axis: features on axis 1 of NCHW-like input', () => {
    const x = tf.tensor3d(X, [N, H, C]);
    const layer = batchNorm({ axis: 1, center: false, scale: false });
    const init = layer.init(createRng(0), [null, H, C]);
    expect(Object.keys(init.params)).toEqual([]);
    const { y, state } = layer.apply({}, x, { training: true, state: init.state });
    const want: number[] = [];
    const stats = Array.from({ length: H }, (_, h) => {
      const v: number[] = [];
      for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) v.push(X[(n * H + h) * C + c]!);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return { m, s: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length + 1e-3) };
    });
    X.forEach((v, i) => {
      const h = Math.floor(i / C) % H;
      want.push((v - stats[h]!.m) / stats[h]!.s);
    });
    expectClose(y.dataSync(), want, 1e-5);
    tf.dispose([x, y, ...Object.values(state), ...Object.values(init.state)] as tf.Tensor[]);
  });

  it('infers the output shape, inits gamma 1, beta 0, moving mean 0 and variance 1', () => {
    const layer = batchNorm();
    const { params, state, outputShape } = layer.init(createRng(0), [null, 5, 5, 3]);
    expect(outputShape).toEqual([null, 5, 5, 3]);
    expect(Array.from((params.gamma as tf.Tensor).dataSync())).toEqual([1, 1, 1]);
    expect(Array.from((params.beta as tf.Tensor).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from((state.movingMean as tf.Tensor).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from((state.movingVariance as tf.Tensor).dataSync())).toEqual([1, 1, 1]);
    const x = tf.ones([2, 5, 5, 3]);
    const out = layer.apply(params, x, { training: true, state });
    expect(out.y.shape).toEqual([2, 5, 5, 3]);
    tf.dispose([
      x,
      out.y,
      ...Object.values(out.state),
      ...Object.values(params),
      ...Object.values(state),
    ] as tf.Tensor[]);
  });

  describe('gradients match central differences', () => {
    it.each([true, false])('training %s: input, gamma, beta', (training) => {
      const t = tensors();
      const layer = batchNorm();
      const f = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
        const out = layer.apply({ gamma, beta }, x, { training, state: t.state });
        if (training) tf.dispose(Object.values(out.state) as tf.Tensor[]);
        return out.y;
      };
      const r = checkGradients(f, [t.x, t.params.gamma, t.params.beta], {
        step: 1e-2,
        rtol: 1e-2,
        atol: 1e-3,
      });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(N * H * C + 2 * C);
      tf.dispose([t.x, ...Object.values(t.params), ...Object.values(t.state)]);
    });
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = batchNorm();
    const x = tf.tensor3d(X, [N, H, C]);
    const step = () => {
      const { params, state } = layer.init(createRng(1), [null, H, C]);
      const [gg, gb] = tf.grads((g: tf.Tensor, b: tf.Tensor) => {
        const out = layer.apply({ gamma: g, beta: b }, x, { training: true, state });
        tf.dispose(Object.values(out.state) as tf.Tensor[]);
        return out.y;
      })([params.gamma as tf.Tensor, params.beta as tf.Tensor]);
      tf.dispose([gg!, gb!, ...Object.values(params), ...Object.values(state)] as tf.Tensor[]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  normParitySuite([
    ['training, rank 4', () => batchNorm(), [3, 4, 4, 5], true],
    ['inference, rank 2', () => batchNorm(), [6, 5], false],
    ['training, axis 1', () => batchNorm({ axis: 1 }), [3, 4, 5], true],
  ]);

  it('says what is wrong with bad options and inputs', () => {
    expect(() => batchNorm({ momentum: 1.5 })).toThrow(
      new ConfigError('batchNorm({momentum})', 'must be a number in [0, 1], got 1.5'),
    );
    expect(() => batchNorm({ epsilon: 0 })).toThrow(/batchNorm\(\{epsilon\}\)/);
    expect(() => batchNorm({ axis: 0 }).init(createRng(0), [null, 3])).toThrow(ShapeError);
    const t = tensors();
    expect(() => batchNorm().apply(t.params, t.x, { training: true, state: {} })).toThrow(
      /state has no tensor 'movingMean'/,
    );
    const wide = tf.zeros([2, 3]);
    expect(() => batchNorm({ name: 'bn' }).apply(t.params, wide, { training: true, state: t.state })).toThrow(
      new ShapeError("batchNorm 'bn'", 'input [2, 3] has 3 features on axis -1, the moving statistics [2]'),
    );
    tf.dispose([wide, t.x, ...Object.values(t.params), ...Object.values(t.state)]);
  });
});
