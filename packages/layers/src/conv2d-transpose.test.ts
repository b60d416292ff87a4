import { registerGradients } from '@strata/backends';
import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dTranspose } from './conv2d-transpose.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };

/**
 * The transposed convolution as a scatter: input pixel (h, w) adds kernel[p, q, o, c] · x to output
 * (h·s − before + p, w·s − before + q), where the output size is Keras's and `before` the top/left
 * padding TensorFlow's forward convolution of that output size would use.
 */
function naiveTranspose(
  x: ArrayLike<number>,
  [B, H, W, C]: number[],
  k: ArrayLike<number>,
  [KH, KW, O]: number[],
  s: [number, number],
  padding: 'same' | 'valid',
  outputPadding?: [number, number],
) {
  // Keras's deconv_output_length.
  const outLen = (n: number, kk: number, st: number, op: number | undefined) =>
    op !== undefined
      ? (n - 1) * st + kk - 2 * (padding === 'same' ? Math.floor(kk / 2) : 0) + op
      : padding === 'same'
        ? n * st
        : n * st + Math.max(kk - st, 0);
  const OH = outLen(H!, KH!, s[0], outputPadding?.[0]);
  const OW = outLen(W!, KW!, s[1], outputPadding?.[1]);
  const before = (n: number, out: number, kk: number, st: number) =>
    padding === 'same' ? Math.floor(Math.max((n - 1) * st + kk - out, 0) / 2) : 0;
  const bh = before(H!, OH, KH!, s[0]);
  const bw = before(W!, OW, KW!, s[1]);
  const y = new Float64Array(B! * OH * OW * O!);
  for (let b = 0; b < B!; b++)
    for (let h = 0; h < H!; h++)
      for (let w = 0; w < W!; w++)
        for (let c = 0; c < C!; c++) {
          const v = x[((b * H! + h) * W! + w) * C! + c]!;
          for (let p = 0; p < KH!; p++)
            for (let q = 0; q < KW!; q++) {
              const i = h * s[0] - bh + p;
              const j = w * s[1] - bw + q;
              if (i < 0 || i >= OH || j < 0 || j >= OW) continue;
              for (let o = 0; o < O!; o++) {
                y[((b * OH + i) * OW + j) * O! + o]! += v * k[((p * KW! + q) * O! + o) * C! + c]!;
              }
            }
        }
  return { data: Array.from(y), shape: [B, OH, OW, O] };
}

type Case = {
  x: number[];
  k: [number, number];
  filters: number;
  s: [number, number];
  padding: 'same' | 'valid';
  op?: [number, number];
};
const cases: Case[] = [
  { x: [2, 3, 3, 2], k: [3, 3], filters: 2, s: [1, 1], padding: 'valid' },
  { x: [1, 3, 4, 2], k: [3, 3], filters: 3, s: [2, 2], padding: 'same' },
  { x: [1, 3, 3, 1], k: [3, 2], filters: 2, s: [2, 1], padding: 'valid' },
  { x: [1, 2, 3, 2], k: [2, 2], filters: 2, s: [3, 3], padding: 'valid' },
  { x: [2, 3, 2, 1], k: [4, 4], filters: 1, s: [2, 2], padding: 'same' },
  { x: [1, 3, 3, 2], k: [3, 3], filters: 2, s: [2, 2], padding: 'same', op: [0, 1] },
  { x: [1, 2, 3, 1], k: [2, 3], filters: 2, s: [3, 2], padding: 'valid', op: [2, 1] },
  { x: [1, 3, 2, 1], k: [4, 2], filters: 1, s: [2, 2], padding: 'same', op: [1, 1] },
];
const label = (c: Case) =>
  `${c.x.join('x')} k${c.k.join('x')} s${c.s.join('')} ${c.padding}${c.op ? ` op${c.op.join('')}` : ''}`;

const make = (c: Case) =>
  conv2dTranspose({
    filters: c.filters,
    kernelSize: c.k,
    strides: c.s,
    padding: c.padding,
    ...(c.op ? { outputPadding: c.op } : {}),
  });

describe('conv2dTranspose', () => {
  beforeAll(() => registerGradients());

  it.each(cases.map((c) => [label(c), c] as const))(
    "matches a scatter loop and Keras's output size: %s",
    (_, c) => {
      const rng = createRng(1);
      const x = randomNormal(rng, c.x);
      const kernel = randomNormal(rng, [c.k[0], c.k[1], c.filters, c.x[3]!]);
      const bias = randomNormal(rng, [c.filters]);
      const layer = make(c);
      const { y } = layer.apply({ kernel, bias }, x, ctx);
      const ref = naiveTranspose(x.dataSync(), c.x, kernel.dataSync(), kernel.shape, c.s, c.padding, c.op);
      const b = bias.dataSync();
      expect(y.shape).toEqual(ref.shape);
      expectClose(
        y.dataSync(),
        ref.data.map((v, i) => v + b[i % c.filters]!),
        1e-5,
      );
      expectShapeInference(layer, [x]).dispose();
      tf.dispose([x, kernel, bias, y]);
    },
  );

  it("states Keras's output sizes", () => {
    const shape = (padding: 'same' | 'valid', k: number, s: number) => {
      const init = conv2dTranspose({ filters: 4, kernelSize: k, strides: s, padding }).init(createRng(0), [
        null,
        7,
        null,
        3,
      ]);
      tf.dispose(Object.values(init.params) as tf.Tensor[]);
      return init.outputShape;
    };
    expect(shape('same', 3, 2)).toEqual([null, 14, null, 4]);
    expect(shape('valid', 3, 2)).toEqual([null, 15, null, 4]); // 7·2 + max(3 − 2, 0)
    expect(shape('valid', 2, 3)).toEqual([null, 21, null, 4]); // 7·3 + max(2 − 3, 0)
    expect(shape('valid', 5, 1)).toEqual([null, 11, null, 4]);
  });

  it.each(cases.map((c) => [label(c), c] as const))('gradients match central differences: %s', (_, c) => {
    const x = randomNormal(createRng(2), c.x);
    const layer = make(c);
    // Linear in each entry: a large step is exact up to rounding.
    expectGradients(layer, [x], { step: 0.25 });
    x.dispose();
  });

  it('with relu and no bias', () => {
    const x = randomNormal(createRng(3), [1, 3, 3, 2]);
    const layer = conv2dTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      useBias: false,
    });
    expectGradients(layer, [x], { step: 1e-3, rtol: 2e-3, piece: (v) => (v > 0 ? 1 : 0) });
    x.dispose();
  });

  it('inits a [kh, kw, filters, in] kernel', () => {
    const { params } = conv2dTranspose({ filters: 5, kernelSize: [3, 2] }).init(createRng(0), [
      null,
      4,
      4,
      7,
    ]);
    expect((params.kernel as tf.Tensor).shape).toEqual([3, 2, 5, 7]);
    expect((params.bias as tf.Tensor).shape).toEqual([5]);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });

  it('leaks no tensors across init, apply and training steps', () => {
    expectNoLeaks(conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), [
      [2, 3, 3, 2],
    ]);
  });

  it('says what is wrong', () => {
    expect(() => conv2dTranspose({ filters: 0, kernelSize: 3 })).toThrow(ConfigError);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(
      new ConfigError('conv2dTranspose({outputPadding})', 'must be below the stride, got 2 with stride 2'),
    );
    expect(() =>
      conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', outputPadding: 0 }),
    ).toThrow(/even kernel size 2, must be at least 1/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, dilationRate: 2 } as never)).toThrow(
      /unknown option 'dilationRate'/,
    );
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3 }).init(createRng(0), [null, 4, 4])).toThrow(
      ShapeError,
    );
    const { params } = conv2dTranspose({ filters: 2, kernelSize: 3, name: 'up' }).init(createRng(0), [
      null,
      4,
      4,
      3,
    ]);
    expect(() =>
      conv2dTranspose({ filters: 2, kernelSize: 3, name: 'up' }).apply(params, tf.zeros([1, 4, 4, 2]), ctx),
    ).toThrow("conv2dTranspose 'up': expected input shape [?, ?, ?, 3], got [1, 4, 4, 2]");
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });
});
