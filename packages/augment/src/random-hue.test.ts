import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { hsv, rgb } from './color.test-util.js';
import { randomHue } from './random-hue.js';

describe('randomHue', () => {
  const pixels = [
    [0.8, 0.2, 0.4],
    [0.1, 0.9, 0.3],
    [0.2, 0.3, 0.7],
    [0.5, 0.5, 0.5],
  ];
  const x = tf.tensor4d(pixels.flat(), [1, 2, 2, 3]);

  it('turns H by the drawn δ, per image: a third of a turn takes red to green', () => {
    const red = tf.tensor4d([1, 0, 0], [1, 1, 1, 3]);
    const rng = createRng(3);
    // The δ is drawn from the rng: the same draw, by hand, from a twin generator.
    const delta = -0.5 + createRng(3).next();
    const out = randomHue({ maxDelta: 0.5 })({ x: red }, rng);
    const [h] = hsv([1, 0, 0]);
    expectNear(out.x.arraySync(), [[[rgb([(((h + delta) % 1) + 1) % 1, 1, 1])]]], 1e-5);
    tf.dispose([red, out.x]);
    // Every pixel by colorsys, with δ fixed by drawing from an equal generator.
    const d = -0.2 + 0.4 * createRng(5).next();
    const got = run(randomHue({ maxDelta: 0.2 }), { x }, 5).x.flat(2) as number[][];
    const want = pixels.map((p) => {
      const [ph, s, v] = hsv(p);
      return rgb([(((ph + d) % 1) + 1) % 1, s, v]);
    });
    expectNear(got, want, 1e-5);
  });

  it('refuses maxDelta above ½ and leaks nothing', () => {
    expect(() => randomHue({ maxDelta: 0.7 })).toThrow(/randomHue\(\{maxDelta\}\)/);
    expectNoLeak(randomHue({ maxDelta: 0.3 }), { x });
  });
});
