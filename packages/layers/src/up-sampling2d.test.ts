import { createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { upSampling2d } from './up-sampling2d.js';

const ctx = { training: false, state: {} };

describe('upSampling2d', () => {
  it('repeats each pixel into an sh × sw block (a loop over output pixels)', () => {
    const [B, H, W, C, SH, SW] = [2, 3, 2, 2, 2, 3];
    const x = randomNormal(createRng(1), [B, H, W, C]);
    const layer = upSampling2d({ size: [SH, SW] });
    const { y } = layer.apply({}, x, ctx);
    const xd = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < H * SH; i++)
        for (let j = 0; j < W * SW; j++)
          for (let c = 0; c < C; c++)
            want.push(xd[((b * H + Math.floor(i / SH)) * W + Math.floor(j / SW)) * C + c]!);
    expect(y.shape).toEqual([B, H * SH, W * SW, C]);
    expect(Array.from(y.dataSync())).toEqual(want);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('a hand-computed case', () => {
    const { y } = upSampling2d().apply(
      {},
      tf.tensor4d([
        [
          [[1], [2]],
          [[3], [4]],
        ],
      ]),
      ctx,
    );
    expect(y.arraySync()).toEqual([
      [
        [[1], [1], [2], [2]],
        [[1], [1], [2], [2]],
        [[3], [3], [4], [4]],
        [[3], [3], [4], [4]],
      ],
    ]);
    y.dispose();
  });

  it('gradient (the sum over each block) matches central differences', () => {
    const x = randomNormal(createRng(2), [2, 2, 3, 2]);
    expectGradients(upSampling2d({ size: [3, 2] }), [x], { step: 0.5 });
    x.dispose();
  });

  it('keeps unknown sizes unknown and leaks no tensors', () => {
    expect(upSampling2d({ size: 2 }).init(createRng(0), [null, null, 5, 3]).outputShape).toEqual([
      null,
      null,
      10,
      3,
    ]);
    expectNoLeaks(upSampling2d(), [[2, 3, 3, 2]]);
  });

  it('says what is wrong', () => {
    expect(() => upSampling2d({ size: 0 })).toThrow(/positive integer/);
    expect(() => upSampling2d({ interpolation: 'bilinear' } as never)).toThrow(
      /unknown option 'interpolation'/,
    );
    expect(() => upSampling2d({ name: 'u' }).init(createRng(0), [null, 4, 4])).toThrow(
      new ShapeError(
        "upSampling2d 'u'",
        'expected an input shape [batch, height, width, channels] (NHWC), got [?, 4, 4]',
      ),
    );
  });
});
