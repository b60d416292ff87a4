import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { conv2d } from './conv2d.js';
import { expectClose, naiveConv2d } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };
type Case = {
  x: [number, number, number, number];
  k: [number, number];
  filters: number;
  strides: [number, number];
  padding: 'same' | 'valid';
  dilations: [number, number];
};
const cases: Case[] = [
  { x: [2, 5, 5, 2], k: [3, 3], filters: 3, strides: [1, 1], padding: 'valid', dilations: [1, 1] },
  { x: [1, 5, 5, 2], k: [3, 3], filters: 2, strides: [1, 1], padding: 'same', dilations: [1, 1] },
  { x: [1, 6, 7, 1], k: [3, 2], filters: 2, strides: [2, 2], padding: 'same', dilations: [1, 1] },
  { x: [2, 7, 6, 2], k: [3, 3], filters: 2, strides: [2, 1], padding: 'valid', dilations: [1, 1] },
  { x: [1, 6, 6, 2], k: [2, 2], filters: 2, strides: [2, 2], padding: 'same', dilations: [1, 1] },
  { x: [1, 7, 7, 1], k: [3, 3], filters: 2, strides: [1, 1], padding: 'same', dilations: [2, 2] },
  { x: [1, 7, 6, 2], k: [2, 3], filters: 1, strides: [1, 1], padding: 'valid', dilations: [2, 1] },
];
const label = (c: Case) =>
  `${c.x.join('x')} k${c.k.join('x')} s${c.strides.join('')} ${c.padding} d${c.dilations.join('')}`;

function setup(c: Case, seed = 1) {
  const rng = createRng(seed);
  const x = randomNormal(rng, c.x);
  const kernel = randomNormal(rng, [c.k[0], c.k[1], c.x[3], c.filters]);
  const bias = randomNormal(rng, [c.filters]);
  const layer = conv2d({
    filters: c.filters,
    kernelSize: c.k,
    strides: c.strides,
    padding: c.padding,
    dilationRate: c.dilations,
  });
  return { x, kernel, bias, layer, dispose: () => tf.dispose([x, kernel, bias]) };
}

describe('conv2d', () => {
  it.each(cases.map((c) => [label(c), c] as const))('matches a naive loop: %s', (_, c) => {
    const { x, kernel, bias, layer, dispose } = setup(c);
    const { y } = layer.apply({ kernel, bias }, x, ctx);
    const ref = naiveConv2d(
      { data: x.dataSync(), shape: c.x },
      { data: kernel.dataSync(), shape: kernel.shape as [number, number, number, number] },
      bias.dataSync(),
      c,
    );
    expect(y.shape).toEqual(ref.shape);
    expectClose(y.dataSync(), ref.data, 1e-5);
    // init infers the same output shape, the batch left unknown.
    const init = layer.init(createRng(0), [null, ...c.x.slice(1)] as (number | null)[]);
    expect(init.outputShape).toEqual([null, ...ref.shape.slice(1)]);
    tf.dispose([y, ...(Object.values(init.params) as tf.Tensor[])]);
    dispose();
  });

  it('fuses relu and skips the bias when asked', () => {
    const c = cases[1]!;
    const { x, kernel, dispose } = setup(c);
    const { y } = conv2d({
      filters: 2,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      useBias: false,
    }).apply({ kernel }, x, ctx);
    const ref = naiveConv2d(
      { data: x.dataSync(), shape: c.x },
      { data: kernel.dataSync(), shape: kernel.shape as [number, number, number, number] },
      undefined,
      c,
    );
    expectClose(
      y.dataSync(),
      ref.data.map((v) => Math.max(v, 0)),
      1e-5,
    );
    y.dispose();
    dispose();
  });

  describe('gradients w.r.t. input, kernel and bias match central differences', () => {
    it.each(cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
      const { x, kernel, bias, layer, dispose } = setup(c, 2);
      const f = (xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) =>
        layer.apply({ kernel: ki, bias: bi }, xi, ctx).y;
      // A convolution is linear in each single entry, so a large step is exact up to rounding.
      const r = checkGradients(f, [x, kernel, bias], { step: 0.25 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(x.size + kernel.size + bias.size);
      dispose();
    });

    it('with fused relu (kinks skipped) and without bias', () => {
      const c = cases[2]!;
      const { x, kernel, dispose } = setup(c, 3);
      const layer = conv2d({
        filters: 2,
        kernelSize: [3, 2],
        strides: 2,
        padding: 'same',
        activation: 'relu',
        useBias: false,
      });
      const f = (xi: tf.Tensor, ki: tf.Tensor) => layer.apply({ kernel: ki }, xi, ctx).y;
      const r = checkGradients(f, [x, kernel], { step: 1e-3, rtol: 2e-3, piece: (v) => (v > 0 ? 1 : 0) });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBeGreaterThan(0.8 * (x.size + kernel.size));
      dispose();
    });
  });

  it('inits a [kh, kw, in, out] kernel and zero bias from the rng, the same for the same seed', () => {
    const layer = conv2d({ filters: 32, kernelSize: 3 });
    const a = layer.init(createRng(9), [null, 28, 28, 1]);
    const b = layer.init(createRng(9), [null, 28, 28, 1]);
    const ka = a.params.kernel as tf.Tensor;
    expect(ka.shape).toEqual([3, 3, 1, 32]);
    expect(a.outputShape).toEqual([null, 26, 26, 32]);
    expect(Array.from(ka.dataSync())).toEqual(Array.from((b.params.kernel as tf.Tensor).dataSync()));
    // Glorot uniform with fanIn 9, fanOut 288.
    expect(Math.max(...ka.dataSync().map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (9 + 288)));
    expect((a.params.bias as tf.Tensor).shape).toEqual([32]);
    tf.dispose([...Object.values(a.params), ...Object.values(b.params)] as tf.Tensor[]);
  });

  it('keeps unknown spatial sizes unknown', () => {
    const { params, outputShape } = conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).init(
      createRng(0),
      [null, null, 9, 3],
    );
    expect(outputShape).toEqual([null, null, 5, 4]);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });

  it('says what is wrong with bad options and inputs', () => {
    expect(() => conv2d({ filters: 2, kernelSize: 0 })).toThrow(
      /conv2d\(\{kernelSize\}\): must be a positive integer/,
    );
    expect(() => conv2d({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(
      new ConfigError('conv2d({padding})', `must be one of 'same', 'valid', got "full"`),
    );
    expect(() => conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /need strides of 1/,
    );
    const layer = conv2d({ filters: 2, kernelSize: 3, name: 'c1' });
    expect(() => layer.init(createRng(0), [null, 784])).toThrow(
      new ShapeError(
        "conv2d 'c1'",
        'expected an input shape [batch, height, width, channels] with known channels (NHWC), got [?, 784]',
      ),
    );
    expect(() => layer.init(createRng(0), [null, 2, 2, 1])).toThrow(/smaller than the 3×3 window/);
    const kernel = tf.zeros([3, 3, 1, 2]);
    const bias = tf.zeros([2]);
    const x = tf.zeros([1, 5, 5, 3]);
    expect(() => layer.apply({ kernel, bias }, x, ctx)).toThrow(
      new ShapeError("conv2d 'c1'", 'expected input shape [?, ?, ?, 1], got [1, 5, 5, 3]'),
    );
    tf.dispose([kernel, bias, x]);
  });

  it('computes the input gradient only when the input is differentiated (data is not)', async () => {
    const { x, kernel, bias, layer, dispose } = setup(cases[0]!);
    const loss = (xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      layer.apply({ kernel: k, bias: b }, xi, ctx).y;
    const kernels = async (run: () => tf.Tensor[]) =>
      (await tf.profile(() => tf.dispose(run()))).kernels.map((k) => k.name);
    const paramsOnly = await kernels(() =>
      tf.grads((k: tf.Tensor, b: tf.Tensor) => loss(x, k, b))([kernel, bias]),
    );
    expect(paramsOnly).not.toContain('Conv2DBackpropInput');
    expect(paramsOnly).toContain('Conv2DBackpropFilter');
    const withInput = await kernels(() => tf.grads(loss)([x, kernel, bias]));
    expect(withInput.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(1);
    // Only the kernel: neither the input gradient nor the bias's sum.
    const kernelOnly = await kernels(() => tf.grads((k: tf.Tensor) => loss(x, k, bias))([kernel]));
    expect(kernelOnly.filter((k) => k.startsWith('Conv2DBackprop'))).toEqual(['Conv2DBackpropFilter']);
    expect(kernelOnly).not.toContain('Sum');
    dispose();
  });

  it('leaks no tensors over repeated apply or gradient steps', () => {
    const { x, kernel, bias, layer, dispose } = setup(cases[0]!);
    const step = () => {
      const g = tf.grads((k: tf.Tensor, b: tf.Tensor) => layer.apply({ kernel: k, bias: b }, x, ctx).y)(
        [kernel, bias],
        tf.onesLike(layer.apply({ kernel, bias }, x, ctx).y),
      );
      tf.dispose(g);
    };
    tf.tidy(step);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      layer.apply({ kernel, bias }, x, ctx).y.dispose();
      tf.tidy(step);
    }
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });
});
