import { createRng, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { groupNorm } from './group-norm.js';
import { normParitySuite } from './testing/norm-suite.test-util.js';
import { values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const [N, H, W, C, G] = [2, 3, 2, 6, 3];
const X = values(N * H * W * C, 9, 2);
const GAMMA = [1, 2, -1, 0.5, 1.5, -0.5];
const BETA = [0, 1, 2, -1, 0.5, 0.25];

/** For sample n and group g: statistics over every position and the group's C/G channels, by loops. */
function reference(eps: number): number[] {
  const per = C / G;
  const out = new Array<number>(X.length);
  for (let n = 0; n < N; n++)
    for (let g = 0; g < G; g++) {
      const idx: number[] = [];
      for (let p = 0; p < H * W; p++)
        for (let j = 0; j < per; j++) idx.push((n * H * W + p) * C + g * per + j);
      const m = idx.reduce((a, i) => a + X[i]!, 0) / idx.length;
      const v = idx.reduce((a, i) => a + (X[i]! - m) ** 2, 0) / idx.length;
      for (const i of idx) out[i] = ((X[i]! - m) / Math.sqrt(v + eps)) * GAMMA[i % C]! + BETA[i % C]!;
    }
  return out;
}

describe('groupNorm', () => {
  const tensors = () => ({
    x: tf.tensor4d(X, [N, H, W, C]),
    gamma: tf.tensor1d(GAMMA),
    beta: tf.tensor1d(BETA),
  });

  it('normalizes each sample per group of channels over all positions (loop reference)', () => {
    const t = tensors();
    const layer = groupNorm({ groups: G });
    const { y } = layer.apply({ gamma: t.gamma, beta: t.beta }, t.x, { training: true, state: {} });
    expectClose(y.dataSync(), reference(1e-3), 1e-5);
    const init = layer.init(createRng(0), [null, H, W, C]);
    expect(init.outputShape).toEqual([null, H, W, C]);
    expect(y.shape).toEqual([N, H, W, C]);
    tf.dispose([y, t.x, t.gamma, t.beta, ...(Object.values(init.params) as tf.Tensor[])]);
  });

  it('gradients match central differences (input, gamma, beta)', () => {
    const t = tensors();
    const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      groupNorm({ groups: G }).apply({ gamma: g, beta: b }, x, { training: true, state: {} }).y;
    const r = checkGradients(f, [t.x, t.gamma, t.beta], { step: 1e-2, rtol: 1e-2, atol: 1e-3 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(X.length + 2 * C);
    tf.dispose([t.x, t.gamma, t.beta]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = groupNorm({ groups: G });
    const x = tf.tensor4d(X, [N, H, W, C]);
    const step = () => {
      const { params } = layer.init(createRng(1), [null, H, W, C]);
      const grads = tf.grads(
        (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          layer.apply({ gamma: g, beta: b }, xi, { training: true, state: {} }).y,
      )([x, params.gamma as tf.Tensor, params.beta as tf.Tensor]);
      tf.dispose([...grads, ...(Object.values(params) as tf.Tensor[])]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  normParitySuite([
    ['rank 4, 3 groups', () => groupNorm({ groups: 3 }), [2, 3, 3, 6], true],
    ['rank 3, 2 groups', () => groupNorm({ groups: 2 }), [2, 5, 4], false],
  ]);

  it('says what is wrong with bad options and inputs', () => {
    expect(() => groupNorm({ groups: 0 })).toThrow(/groupNorm\(\{groups\}\)/);
    expect(() => groupNorm({ groups: 4, name: 'gn' }).init(createRng(0), [null, 5, 6])).toThrow(
      new ShapeError(
        "groupNorm 'gn'",
        'expected [batch, ..., channels] with known channels divisible by groups 4, got [?, 5, 6]',
      ),
    );
  });
});
