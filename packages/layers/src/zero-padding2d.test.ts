import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { zeroPadding2d } from './zero-padding2d.js';

const ctx = { training: false, state: {} };

describe('zeroPadding2d', () => {
  it.each([
    [1, [1, 1, 1, 1]],
    [
      [2, 1],
      [2, 2, 1, 1],
    ],
    [
      [
        [1, 0],
        [2, 3],
      ],
      [1, 0, 2, 3],
    ],
  ] as const)('padding %j: zeros around the input (a loop)', (padding, [top, bottom, left, right]) => {
    const [B, H, W, C] = [2, 3, 2, 2];
    const x = randomNormal(createRng(1), [B, H, W, C]);
    const layer = zeroPadding2d({ padding: padding as never });
    const { y } = layer.apply({}, x, ctx);
    const [OH, OW] = [H + top + bottom, W + left + right];
    const xd = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++)
          for (let c = 0; c < C; c++) {
            const [r, q] = [i - top, j - left];
            want.push(r < 0 || r >= H || q < 0 || q >= W ? 0 : xd[((b * H + r) * W + q) * C + c]!);
          }
    expect(y.shape).toEqual([B, OH, OW, C]);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('gradient matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(2), [1, 2, 3, 2]);
    expectGradients(
      zeroPadding2d({
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
      [x],
      { step: 0.5 },
    );
    x.dispose();
    expectNoLeaks(zeroPadding2d(), [[2, 3, 3, 1]]);
  });

  it('says what is wrong', () => {
    expect(() => zeroPadding2d({ padding: -1 })).toThrow(/non-negative integer/);
    expect(() => zeroPadding2d({ padding: [[1, 2], [3]] as never })).toThrow(
      /\[\[top, bottom\], \[left, right\]\]/,
    );
    expect(() => zeroPadding2d().init(createRng(0), [null, 3, 3])).toThrow(/NHWC/);
  });
});
