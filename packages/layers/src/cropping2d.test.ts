import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cropping2d } from './cropping2d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('cropping2d', () => {
  it.each([
    [1, [1, 1, 1, 1]],
    [
      [2, 0],
      [2, 2, 0, 0],
    ],
    [
      [
        [1, 0],
        [0, 2],
      ],
      [1, 0, 0, 2],
    ],
  ] as const)('cropping %j keeps the inner block (a loop)', (cropping, [top, bottom, left, right]) => {
    const [B, H, W, C] = [2, 5, 4, 2];
    const x = randomNormal(createRng(1), [B, H, W, C]);
    const layer = cropping2d({ cropping: cropping as never });
    const { y } = layer.apply({}, x, ctx);
    const [OH, OW] = [H - top - bottom, W - left - right];
    const xd = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++)
          for (let c = 0; c < C; c++) want.push(xd[((b * H + i + top) * W + j + left) * C + c]!);
    expect(y.shape).toEqual([B, OH, OW, C]);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('a hand-computed case', () => {
    const x = tf.tensor4d([
      [
        [[1], [2], [3]],
        [[4], [5], [6]],
        [[7], [8], [9]],
      ],
    ]);
    const { y } = cropping2d({
      cropping: [
        [1, 0],
        [1, 1],
      ],
    }).apply({}, x, ctx);
    expect(y.arraySync()).toEqual([[[[5]], [[8]]]]);
    tf.dispose([x, y]);
  });

  it('gradient matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(2), [1, 4, 5, 2]);
    expectGradients(
      cropping2d({
        cropping: [
          [1, 2],
          [0, 1],
        ],
      }),
      [x],
      { step: 0.5 },
    );
    x.dispose();
    expectNoLeaks(cropping2d({ cropping: 1 }), [[2, 4, 4, 1]]);
  });

  it('says what is wrong', () => {
    expect(() => cropping2d({ cropping: 1.5 })).toThrow(/non-negative integer/);
    expect(() => cropping2d({ cropping: 2, name: 'c' }).init(createRng(0), [null, 4, 9, 1])).toThrow(
      "cropping2d 'c': input [?, 4, 9, 1] is too small to crop [[2, 2], [2, 2]]: at least one row and column must remain",
    );
  });
});
