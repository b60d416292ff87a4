import { registerGradients } from '@strata/backends';
import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv1d } from './conv1d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose, tfPadding } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

type Case = {
  x: [number, number, number];
  k: number;
  filters: number;
  s: number;
  d: number;
  padding: 'same' | 'valid' | 'causal';
};
const cases: Case[] = [
  { x: [2, 7, 3], k: 3, filters: 2, s: 1, d: 1, padding: 'valid' },
  { x: [1, 8, 2], k: 3, filters: 3, s: 2, d: 1, padding: 'same' },
  { x: [2, 6, 2], k: 2, filters: 2, s: 1, d: 2, padding: 'causal' },
  { x: [1, 9, 1], k: 4, filters: 2, s: 3, d: 1, padding: 'valid' },
];
const label = (c: Case) => `${c.x.join('x')} k${c.k} s${c.s} d${c.d} ${c.padding}`;

/** y[b, t, o] = bias[o] + Σ_p Σ_c x[b, t·s − before + p·d, c] · k[p, c, o], zero outside the input. */
function naiveConv1d(x: ArrayLike<number>, k: ArrayLike<number>, bias: ArrayLike<number>, c: Case) {
  const [B, L, C] = c.x;
  const window = (c.k - 1) * c.d + 1;
  const { out, before } =
    c.padding === 'causal'
      ? { out: Math.ceil(L / c.s), before: window - 1 }
      : tfPadding(L, window, c.s, c.padding);
  const y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < out; t++)
      for (let o = 0; o < c.filters; o++) {
        let sum = bias[o]!;
        for (let p = 0; p < c.k; p++) {
          const at = t * c.s - before + p * c.d;
          if (at < 0 || at >= L) continue;
          for (let ch = 0; ch < C; ch++) sum += x[(b * L + at) * C + ch]! * k[(p * C + ch) * c.filters + o]!;
        }
        y.push(sum);
      }
  return { data: y, shape: [B, out, c.filters] };
}

describe('conv1d', () => {
  beforeAll(() => registerGradients());

  it.each(cases.map((c) => [label(c), c] as const))('matches a naive loop: %s', (_, c) => {
    const rng = createRng(1);
    const x = randomNormal(rng, c.x);
    const kernel = randomNormal(rng, [c.k, c.x[2], c.filters]);
    const bias = randomNormal(rng, [c.filters]);
    const layer = conv1d({
      filters: c.filters,
      kernelSize: c.k,
      strides: c.s,
      dilationRate: c.d,
      padding: c.padding,
    });
    const { y } = layer.apply({ kernel, bias }, x, ctx);
    const ref = naiveConv1d(x.dataSync(), kernel.dataSync(), bias.dataSync(), c);
    expect(y.shape).toEqual(ref.shape);
    expectClose(y.dataSync(), ref.data, 1e-5);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, kernel, bias, y]);
  });

  it('causal: output t depends on inputs up to t only', () => {
    const layer = conv1d({ filters: 1, kernelSize: 3, padding: 'causal', useBias: false });
    const { params } = layer.init(createRng(0), [null, 6, 1]);
    const g = tf.grad((x: tf.Tensor) => tf.slice(layer.apply(params, x, ctx).y, [0, 2, 0], [1, 1, 1]))(
      tf.ones([1, 6, 1]),
    );
    expect(Array.from(g.dataSync()).map((v) => v !== 0)).toEqual([true, true, true, false, false, false]);
    tf.dispose([g, ...(Object.values(params) as tf.Tensor[])]);
  });

  it.each(cases.map((c) => [label(c), c] as const))('gradients match central differences: %s', (_, c) => {
    const x = randomNormal(createRng(2), c.x);
    const layer = conv1d({
      filters: c.filters,
      kernelSize: c.k,
      strides: c.s,
      dilationRate: c.d,
      padding: c.padding,
    });
    expectGradients(layer, [x], { step: 0.25 });
    x.dispose();
  });

  it('inits a [k, in, filters] kernel', () => {
    const { params, outputShape } = conv1d({ filters: 4, kernelSize: 5 }).init(createRng(0), [null, null, 3]);
    expect((params.kernel as tf.Tensor).shape).toEqual([5, 3, 4]);
    expect(outputShape).toEqual([null, null, 4]);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });

  it('leaks no tensors across init, apply and training steps', () => {
    expectNoLeaks(conv1d({ filters: 2, kernelSize: 3, padding: 'causal', activation: 'relu' }), [[2, 5, 2]]);
  });

  it('says what is wrong', () => {
    expect(() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(ConfigError);
    expect(() => conv1d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /need strides of 1/,
    );
    expect(() =>
      conv1d({ filters: 2, kernelSize: 3, name: 'c' }).init(createRng(0), [null, 4, 4, 1]),
    ).toThrow(
      new ShapeError(
        "conv1d 'c'",
        'expected an input shape [batch, steps, channels] with known channels, got [?, 4, 4, 1]',
      ),
    );
    expect(() => conv1d({ filters: 2, kernelSize: 5 }).init(createRng(0), [null, 3, 1])).toThrow(
      /shorter than the window/,
    );
  });
});
