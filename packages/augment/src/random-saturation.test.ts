import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { hsv, rgb } from './color.test-util.js';
import { randomSaturation } from './random-saturation.js';

const pixels = [
  [0.8, 0.2, 0.4],
  [0.1, 0.9, 0.3],
  [0.2, 0.3, 0.7],
  [0.5, 0.5, 0.5],
  [0, 0, 0],
  [0.9, 0.6, 0.1],
];

describe('randomSaturation', () => {
  const x = tf.tensor4d(pixels.flat(), [1, 2, 3, 3]);

  it('multiplies S in HSV by the drawn factor, clipped to [0, 1]', () => {
    for (const s of [0, 0.5, 1, 3]) {
      const out = run(randomSaturation({ factor: [s, s] }), { x }).x.flat(2) as number[][];
      const want = pixels.map((p) => {
        const [h, sat, v] = hsv(p);
        return rgb([h, Math.min(sat * s, 1), v]);
      });
      expectNear(out, want, 1e-5);
    }
  });

  it('draws one factor per image and refuses non-RGB images', () => {
    const batch = tf.tile(x, [8, 1, 1, 1]) as tf.Tensor4D;
    // Factors ≤ 1.2 keep S·s = 0.75·s below the clip, so every draw shows in the first pixel.
    const out = run(randomSaturation({ factor: [0.2, 1.2] }), { x: batch }).x;
    const firstPixel = out.map((img) => img[0]![0]!.map((v) => v.toFixed(5)).join());
    expect(new Set(firstPixel).size).toBe(8);
    expectNoLeak(randomSaturation({ factor: [0.5, 1.5] }), { x: batch });
    const grey = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => randomSaturation({ factor: [0, 1] })({ x: grey }, createRng(0))).toThrow(/3 channels/);
    tf.dispose([batch, grey]);
  });
});
