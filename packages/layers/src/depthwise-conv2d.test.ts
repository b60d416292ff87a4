import { registerGradients } from '@strata/backends';
import { ConfigError, createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose, naiveConv2d } from './testing/reference.test-util.js';

const ctx = { training: false, state: {} };
type Case = {
  x: [number, number, number, number];
  k: [number, number];
  m: number;
  s: [number, number];
  padding: 'same' | 'valid';
  d: [number, number];
};
const cases: Case[] = [
  { x: [2, 5, 5, 2], k: [3, 3], m: 1, s: [1, 1], padding: 'valid', d: [1, 1] },
  { x: [1, 6, 5, 3], k: [3, 2], m: 2, s: [2, 2], padding: 'same', d: [1, 1] },
  { x: [1, 7, 7, 2], k: [3, 3], m: 2, s: [1, 1], padding: 'same', d: [2, 2] },
];
const label = (c: Case) =>
  `${c.x.join('x')} k${c.k.join('x')} m${c.m} s${c.s.join('')} ${c.padding} d${c.d.join('')}`;

/** Each input channel c convolved alone (a naive 1-channel conv2d) with its m filters: output c·m + j. */
function naiveDepthwise(x: tf.Tensor, k: tf.Tensor, bias: tf.Tensor, c: Case) {
  const [B, H, W, C] = c.x;
  const xd = x.dataSync();
  const kd = k.dataSync();
  const perChannel = Array.from({ length: C }, (_, ch) => {
    const xc = Array.from({ length: B * H * W }, (_, i) => xd[i * C + ch]!);
    const kc = Array.from(
      { length: c.k[0] * c.k[1] * c.m },
      (_, i) => kd[(Math.floor(i / c.m) * C + ch) * c.m + (i % c.m)]!,
    );
    return naiveConv2d(
      { data: xc, shape: [B, H, W, 1] },
      { data: kc, shape: [c.k[0], c.k[1], 1, c.m] },
      undefined,
      { strides: c.s, padding: c.padding, dilations: c.d },
    );
  });
  const [, OH, OW] = perChannel[0]!.shape;
  const bd = bias.dataSync();
  const out: number[] = [];
  for (let p = 0; p < B * OH * OW; p++)
    for (let ch = 0; ch < C; ch++)
      for (let j = 0; j < c.m; j++) out.push(perChannel[ch]!.data[p * c.m + j]! + bd[ch * c.m + j]!);
  return { data: out, shape: [B, OH, OW, C * c.m] };
}

describe('depthwiseConv2d', () => {
  beforeAll(() => registerGradients());

  it.each(cases.map((c) => [label(c), c] as const))('matches per-channel convolutions: %s', (_, c) => {
    const rng = createRng(1);
    const x = randomNormal(rng, c.x);
    const depthwiseKernel = randomNormal(rng, [c.k[0], c.k[1], c.x[3], c.m]);
    const bias = randomNormal(rng, [c.x[3] * c.m]);
    const layer = depthwiseConv2d({
      kernelSize: c.k,
      depthMultiplier: c.m,
      strides: c.s,
      padding: c.padding,
      dilationRate: c.d,
    });
    const { y } = layer.apply({ depthwiseKernel, bias }, x, ctx);
    const ref = naiveDepthwise(x, depthwiseKernel, bias, c);
    expect(y.shape).toEqual(ref.shape);
    expectClose(y.dataSync(), ref.data, 1e-5);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, depthwiseKernel, bias, y]);
  });

  it('a small hand-computed case: two channels, multiplier 1, 2×2 kernel', () => {
    // Channel 0 of x is [[1, 2], [3, 4]], channel 1 is [[10, 20], [30, 40]].
    const x = tf.tensor4d([
      [
        [
          [1, 10],
          [2, 20],
        ],
        [
          [3, 30],
          [4, 40],
        ],
      ],
    ]);
    // Channel 0's kernel sums the window; channel 1's takes the top-left tap minus the bottom-right one.
    const depthwiseKernel = tf.tensor4d([
      [
        [[1], [1]],
        [[1], [0]],
      ],
      [
        [[1], [0]],
        [[1], [-1]],
      ],
    ]);
    const { y } = depthwiseConv2d({ kernelSize: 2, useBias: false }).apply({ depthwiseKernel }, x, ctx);
    expect(y.arraySync()).toEqual([[[[10, 10 - 40]]]]);
    tf.dispose([x, depthwiseKernel, y]);
  });

  it.each(cases.map((c) => [label(c), c] as const))('gradients match central differences: %s', (_, c) => {
    const x = randomNormal(createRng(2), c.x);
    const layer = depthwiseConv2d({
      kernelSize: c.k,
      depthMultiplier: c.m,
      strides: c.s,
      padding: c.padding,
      dilationRate: c.d,
    });
    expectGradients(layer, [x], { step: 0.25 });
    x.dispose();
  });

  it('leaks no tensors across init, apply and training steps', () => {
    expectNoLeaks(
      depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }),
      [[2, 4, 4, 2]],
    );
  });

  it('says what is wrong', () => {
    expect(() => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 })).toThrow(
      new ConfigError('depthwiseConv2d({depthMultiplier})', 'must be a positive integer, got 0'),
    );
    expect(() => depthwiseConv2d({ kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /need strides of 1/,
    );
    expect(() => depthwiseConv2d({ kernelSize: 3 }).init(createRng(0), [null, 2, 2, 1])).toThrow(
      /smaller than the 3×3 window/,
    );
  });
});
