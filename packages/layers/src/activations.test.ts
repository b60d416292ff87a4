import { registerGradients } from '@strata/backends';
import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Activation,
  elu,
  gelu,
  geluTanh,
  getActivation,
  hardSigmoid,
  leakyRelu,
  leakyReluWith,
  linear,
  logSoftmax,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  swish,
  tanh,
} from './activations.js';
import { erf, expectClose } from './testing/reference.test-util.js';

beforeAll(() => {
  registerGradients();
});

const sig = (v: number) => 1 / (1 + Math.exp(-v));
// SELU's constants (Klambauer et al. 2017).
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const closedForms: [string, Activation, (v: number) => number, ((v: number) => number)?][] = [
  ['linear', linear, (v) => v],
  ['relu', relu, (v) => Math.max(v, 0), (v) => (v > 0 ? 1 : 0)],
  ['relu6', relu6, (v) => Math.min(Math.max(v, 0), 6), (v) => (v > 0 ? (v < 6 ? 1 : 2) : 0)],
  ['sigmoid', sigmoid, sig],
  ['tanh', tanh, Math.tanh],
  ['elu', elu, (v) => (v > 0 ? v : Math.expm1(v))],
  ['selu', selu, (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v))],
  ['softplus', softplus, (v) => Math.log1p(Math.exp(v))],
  ['swish', swish, (v) => v * sig(v)],
  ['gelu', gelu, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
  ['leakyRelu', leakyRelu, (v) => (v > 0 ? v : 0.2 * v), Math.sign],
  ['silu', silu, (v) => v * sig(v)],
  ['geluTanh', geluTanh, (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
  ['mish', mish, (v) => v * Math.tanh(Math.log1p(Math.exp(v)))],
  [
    'hardSigmoid',
    hardSigmoid,
    (v) => Math.min(Math.max(v / 6 + 0.5, 0), 1),
    (v) => (v > 0 ? (v < 1 ? 1 : 2) : 0),
  ],
];

describe('activations', () => {
  const values = [-7, -3, -1.5, -0.2, 0.3, 1, 2.5, 8];

  it.each(closedForms)('%s matches its closed form', (_, fn, ref) => {
    const x = tf.tensor1d(values);
    const y = fn(x);
    expectClose(y.dataSync(), values.map(ref), 2e-6);
    tf.dispose([x, y]);
  });

  it.each(closedForms.slice(1))('%s: gradient matches central differences', (_, fn, __, piece) => {
    const x = randomNormal(createRng(6), [3, 4]);
    const r = checkGradients((xi) => fn(xi), [x], { step: 1e-3, rtol: 2e-3, ...(piece ? { piece } : {}) });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBeGreaterThan(9);
    x.dispose();
  });

  it('logSoftmax: x − log Σ eˣ per row, finite where softmax underflows, gradient checked', () => {
    const x = tf.tensor2d([
      [0, Math.log(3)],
      [0, -200],
    ]);
    const y = logSoftmax(x);
    expectClose(y.dataSync(), [-Math.log(4), Math.log(3) - Math.log(4), 0, -200], 1e-6);
    const z = randomNormal(createRng(8), [2, 5]);
    const r = checkGradients((zi) => logSoftmax(zi), [z], { step: 1e-3, rtol: 2e-3 });
    expect(r.failures).toEqual([]);
    tf.dispose([x, y, z]);
  });

  it('softmax: rows sum to 1, e^x / Σe^x, finite for large logits, gradient checked', () => {
    const x = tf.tensor2d([
      [0, Math.log(3)],
      [1000, 1000 - Math.log(4)],
    ]);
    const y = softmax(x);
    expectClose(y.dataSync(), [0.25, 0.75, 0.8, 0.2], 1e-6);
    const z = randomNormal(createRng(7), [2, 5]);
    const r = checkGradients((zi) => softmax(zi), [z], { step: 1e-3, rtol: 2e-3 });
    expect(r.failures).toEqual([]);
    tf.dispose([x, y, z]);
  });

  it('leakyRelu takes a slope; leakyReluWith makes a fusable activation of it', () => {
    const x = tf.tensor1d([-2, 3]);
    const a = leakyRelu(x, 0.1);
    expectClose(a.dataSync(), [-0.2, 3]);
    const b = leakyReluWith(0.1)(x);
    expectClose(b.dataSync(), [-0.2, 3]);
    expect(leakyReluWith(0.1).fused).toEqual({ activation: 'leakyrelu', leakyreluAlpha: 0.1 });
    // A negative slope makes the output's sign unreliable for the fused gradient, so it is not fused.
    expect(leakyReluWith(-0.5).fused).toBeUndefined();
    tf.dispose([x, a, b]);
  });

  it('getActivation finds names, keeps Activations, wraps plain functions and refuses unknown names', () => {
    expect(getActivation('relu')).toBe(relu);
    expect(getActivation(undefined)).toBe(linear);
    expect(getActivation(tanh)).toBe(tanh);
    const square = (x: tf.Tensor) => tf.square(x);
    const wrapped = getActivation(square);
    expect(wrapped.activationName).toBe('square');
    expect(wrapped.fused).toBeUndefined();
    expect('activationName' in square).toBe(false);
    expect(() => getActivation('rleu' as never, 'dense({activation})')).toThrow(
      /dense\(\{activation\}\): must be one of 'linear', 'relu'/,
    );
  });
});
