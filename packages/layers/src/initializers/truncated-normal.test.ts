import { ConfigError, createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { truncatedNormal } from './truncated-normal.js';

describe('truncatedNormal', () => {
  it("draws within two standard deviations, with the truncated normal's mean and variance", () => {
    const w = truncatedNormal({ mean: 1, stddev: 0.5 })(createRng(3), [200, 100]);
    const d = Array.from(w.dataSync());
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d)).toBeLessThanOrEqual(2);
    const mean = d.reduce((a, v) => a + v, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length);
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    // A standard normal truncated to [−2, 2] has standard deviation 0.8796 (closed form).
    expect(Math.abs(sd - 0.5 * 0.87962566)).toBeLessThan(0.008);
    w.dispose();
  });

  it("defaults to Keras's mean 0, stddev 0.05, and is reproducible", () => {
    const a = truncatedNormal()(createRng(1), [1000]);
    const b = truncatedNormal()(createRng(1), [1000]);
    expect(Math.max(...a.dataSync().map(Math.abs))).toBeLessThanOrEqual(0.1);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('says what is wrong', () => {
    expect(() => truncatedNormal({ stddev: 0 })).toThrow(ConfigError);
    expect(() => truncatedNormal({ std: 1 } as never)).toThrow(/unknown option 'std'/);
  });
});
