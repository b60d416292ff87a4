import { registerGradients } from '@strata/backends';
import { createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';
import { expectClose } from './testing/reference.test-util.js';
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

  it('bilinear: half-pixel centres as TensorFlow 2 resizes (a loop over output pixels)', () => {
    const [B, H, W, C, SH, SW] = [2, 3, 4, 2, 2, 3];
    const x = randomNormal(createRng(4), [B, H, W, C]);
    const layer = upSampling2d({ size: [SH, SW], interpolation: 'bilinear' });
    const { y } = layer.apply({}, x, ctx);
    const xd = x.dataSync();
    // Source coordinate and its two neighbours with weights, clamped to the image.
    const taps = (i: number, s: number, n: number) => {
      const src = Math.max((i + 0.5) / s - 0.5, 0);
      const lo = Math.min(Math.floor(src), n - 1);
      return [lo, Math.min(lo + 1, n - 1), src - lo] as const;
    };
    const at = (b: number, r: number, q: number, c: number) => xd[((b * H + r) * W + q) * C + c]!;
    const want: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < H * SH; i++)
        for (let j = 0; j < W * SW; j++)
          for (let c = 0; c < C; c++) {
            const [r0, r1, fr] = taps(i, SH, H);
            const [q0, q1, fq] = taps(j, SW, W);
            const top = at(b, r0, q0, c) * (1 - fq) + at(b, r0, q1, c) * fq;
            const bottom = at(b, r1, q0, c) * (1 - fq) + at(b, r1, q1, c) * fq;
            want.push(top * (1 - fr) + bottom * fr);
          }
    expect(y.shape).toEqual([B, H * SH, W * SW, C]);
    expectClose(y.dataSync(), want, 1e-5);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('bilinear: a hand-computed row', () => {
    // Sources for size 2 over [0, 4]: −0.25 → 0 (clamped), 0.25, 0.75, 1.25 → the last pixel.
    const { y } = upSampling2d({ size: [1, 2], interpolation: 'bilinear' }).apply(
      {},
      tf.tensor4d([[[[0], [4]]]]),
      ctx,
    );
    expect(Array.from(y.dataSync())).toEqual([0, 1, 3, 4]);
    y.dispose();
  });

  it('bilinear: gradient matches central differences and nothing leaks', () => {
    registerGradients();
    const x = randomNormal(createRng(5), [2, 2, 3, 2]);
    expectGradients(upSampling2d({ size: [2, 3], interpolation: 'bilinear' }), [x], { step: 0.5 });
    x.dispose();
    expectNoLeaks(upSampling2d({ interpolation: 'bilinear' }), [[2, 3, 3, 2]]);
  });

  it('says what is wrong', () => {
    expect(() => upSampling2d({ size: 0 })).toThrow(/positive integer/);
    expect(() => upSampling2d({ interpolation: 'bicubic' as never })).toThrow(
      /upSampling2d\(\{interpolation\}\)/,
    );
    expect(() => upSampling2d({ name: 'u' }).init(createRng(0), [null, 4, 4])).toThrow(
      new ShapeError(
        "upSampling2d 'u'",
        'expected an input shape [batch, height, width, channels] (NHWC), got [?, 4, 4]',
      ),
    );
  });
});
