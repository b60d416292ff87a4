import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dense } from '../dense.js';
import type { Initializer } from './initializer.js';
import {
  computeFans,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './variance-scaling.js';

function stats(t: tf.Tensor) {
  const v = t.dataSync();
  let mean = 0;
  for (const e of v) mean += e;
  mean /= v.length;
  let variance = 0;
  let maxAbs = 0;
  for (const e of v) {
    variance += (e - mean) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(e));
  }
  return { mean, variance: variance / v.length, maxAbs };
}

describe('computeFans', () => {
  it('follows Keras: matrices [in, out], kernels count each channel once per position', () => {
    expect(computeFans([784, 64])).toEqual({ fanIn: 784, fanOut: 64 });
    expect(computeFans([3, 3, 32, 64])).toEqual({ fanIn: 288, fanOut: 576 });
    expect(computeFans([5])).toEqual({ fanIn: 5, fanOut: 5 });
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

// Shape [3, 3, 40, 60]: fanIn 360, fanOut 540, fanAvg 450; 21,600 draws, so the sample variance is
// within about ±1% (normal: √(2/n)) of the target, and a 5% tolerance cannot fail by chance.
const shape = [3, 3, 40, 60];
const presets: [string, () => Initializer, number, 'uniform' | 'truncated'][] = [
  ['glorotUniform', glorotUniform, 1 / 450, 'uniform'],
  ['glorotNormal', glorotNormal, 1 / 450, 'truncated'],
  ['heNormal', heNormal, 2 / 360, 'truncated'],
  ['heUniform', heUniform, 2 / 360, 'uniform'],
  ['lecunNormal', lecunNormal, 1 / 360, 'truncated'],
  ['lecunUniform', lecunUniform, 1 / 360, 'uniform'],
];

describe('variance-scaling presets', () => {
  it.each(presets)('%s: variance %f, mean 0, within its bounds', (_, make, variance, kind) => {
    const t = make()(createRng(21), shape);
    expect(t.shape).toEqual(shape);
    const s = stats(t);
    expect(Math.abs(s.variance / variance - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.mean)).toBeLessThan(5 * Math.sqrt(variance / t.size));
    const sd = Math.sqrt(variance);
    if (kind === 'uniform') {
      // U(±√(3·variance)) has that variance; its draws come within a hair of the limit.
      expect(s.maxAbs).toBeLessThanOrEqual(Math.sqrt(3 * variance));
      expect(s.maxAbs).toBeGreaterThan(0.99 * Math.sqrt(3 * variance));
    } else {
      // Truncated at two standard deviations of the rescaled normal (stddev = sd / 0.8796…).
      expect(s.maxAbs).toBeLessThanOrEqual((2 * sd) / 0.87962566103423978 + 1e-6);
      expect(s.maxAbs).toBeGreaterThan((1.95 * sd) / 0.87962566103423978);
    }
    t.dispose();
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = heNormal()(createRng(1), [50]);
    const b = heNormal()(createRng(1), [50]);
    const c = heNormal()(createRng(2), [50]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  it('an untruncated normal with fanOut has variance scale / fanOut', () => {
    const t = varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'untruncatedNormal' })(
      createRng(4),
      shape,
    );
    expect(Math.abs(stats(t).variance / (3 / 540) - 1)).toBeLessThan(0.05);
    t.dispose();
  });

  it('says what is wrong', () => {
    expect(() => varianceScaling({ scale: 0 })).toThrow(
      /varianceScaling\(\{scale\}\): must be a number > 0, got 0/,
    );
    expect(() => varianceScaling({ mode: 'fan_in' as never })).toThrow(
      /must be one of 'fanIn', 'fanOut', 'fanAvg'/,
    );
    expect(() => varianceScaling({ distrib: 'uniform' } as never)).toThrow(/unknown option 'distrib'/);
    // The factory itself passed where its result belongs.
    expect(() =>
      dense({ units: 2, kernelInitializer: heNormal as never }).init(createRng(0), [null, 3]),
    ).toThrow(/returned a function: pass the initializer made by a call, e.g. heNormal\(\)/);
  });
});
