import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, run } from './augment-checks.test-util.js';
import { gaussianNoise } from './gaussian-noise.js';

describe('gaussianNoise', () => {
  it('adds zero-mean noise with the given standard deviation, reproducible by seed', () => {
    const x = tf.fill([4, 50, 50, 1], 0.5) as tf.Tensor4D;
    const out = run(gaussianNoise({ stddev: 0.2 }), { x }, 3).x.flat(3) as number[];
    const n = out.length;
    const m = out.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(out.reduce((s, v) => s + (v - m) ** 2, 0) / n);
    // 10,000 draws: the mean within 5 standard errors, the deviation within 3%.
    expect(Math.abs(m - 0.5)).toBeLessThan((5 * 0.2) / Math.sqrt(n));
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.006);
    expect(run(gaussianNoise({ stddev: 0.2 }), { x }, 3).x.flat(3)).toEqual(out);
    expectNoLeak(gaussianNoise({ stddev: 0.1 }), { x });
    x.dispose();
  });
});
