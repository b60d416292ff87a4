import { ConfigError, createRng, randomUniform, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { psnr, psnrOf } from './psnr.js';
import { type SsimOptions, ssimOf } from './ssim.js';

/** Runs `f` on fresh tensors and frees them. */
function on<R>(f: (a: tf.Tensor, b: tf.Tensor) => R, makeA: () => tf.Tensor, makeB: () => tf.Tensor): R {
  const [a, b] = [makeA(), makeB()];
  try {
    return f(a, b);
  } finally {
    tf.dispose([a, b]);
  }
}

describe('psnr (tf.image.psnr, averaged over images)', () => {
  it('per image by hand: 20·log10(maxVal) − 10·log10(MSE), then the mean over images', () => {
    // Image 0 off by 0.5 everywhere (MSE 0.25); image 1 off by 2 in one of 4 values (MSE 1).
    const a = tf.zeros([2, 2, 2, 1]);
    const b = tf.tensor4d([0.5, 0.5, 0.5, 0.5, 2, 0, 0, 0], [2, 2, 2, 1]);
    const expected =
      (20 * Math.log10(2) - 10 * Math.log10(0.25) + 20 * Math.log10(2) - 10 * Math.log10(1)) / 2;
    expect(psnrOf(a, b, { maxVal: 2 })).toBeCloseTo(expected, 4);
    tf.dispose([a, b]);
  });
  it('averages per image, not over pooled pixels (imbalanced errors)', () => {
    const a = tf.zeros([2, 1, 1, 1]);
    const b = tf.tensor4d([0.1, 0.001], [2, 1, 1, 1]);
    // 20 dB and 60 dB: mean 40; the pooled MSE would give about 23 dB.
    expect(psnrOf(a, b)).toBeCloseTo(40, 3);
    tf.dispose([a, b]);
  });
  it('identical images give Infinity, as TensorFlow', () => {
    expect(
      on(
        psnrOf,
        () => tf.ones([1, 3, 3, 3]),
        () => tf.ones([1, 3, 3, 3]),
      ),
    ).toBe(Number.POSITIVE_INFINITY);
  });
  it('labelled errors', () => {
    expect(() =>
      on(
        psnrOf,
        () => tf.zeros([3, 3, 1]),
        () => tf.zeros([3, 3, 1]),
      ),
    ).toThrow(ShapeError);
    expect(() =>
      on(
        psnrOf,
        () => tf.zeros([1, 3, 3, 1]),
        () => tf.zeros([1, 3, 3, 3]),
      ),
    ).toThrow(/psnr\(psnr\): images of shape \[1, 3, 3, 1\] and \[1, 3, 3, 3\]/);
    expect(() => psnr({ maxVal: 0 })).toThrow(ConfigError);
  });
});

// A plain float64 JS SSIM straight from Wang et al. (2004) with TensorFlow's choices (Gaussian window
// normalized to 1, VALID positions, biased variances, mean over positions then channels).
function referenceSsim(
  x: number[][][][],
  y: number[][][][],
  { maxVal = 1, filterSize = 11, filterSigma = 1.5, k1 = 0.01, k2 = 0.03 }: SsimOptions = {},
): number {
  const c = (filterSize - 1) / 2;
  const w: number[][] = [];
  let total = 0;
  for (let i = 0; i < filterSize; i += 1) {
    w.push([]);
    for (let j = 0; j < filterSize; j += 1) {
      const v = Math.exp(-((i - c) ** 2 + (j - c) ** 2) / (2 * filterSigma ** 2));
      w[i]!.push(v);
      total += v;
    }
  }
  const c1 = (k1 * maxVal) ** 2;
  const c2 = (k2 * maxVal) ** 2;
  let sum = 0;
  for (let b = 0; b < x.length; b += 1) {
    const [h, wd, ch] = [x[b]!.length, x[b]![0]!.length, x[b]![0]![0]!.length];
    let perImage = 0;
    for (let k = 0; k < ch; k += 1) {
      let perChannel = 0;
      for (let r = 0; r + filterSize <= h; r += 1) {
        for (let s = 0; s + filterSize <= wd; s += 1) {
          let [mx, my, sxx, syy, sxy] = [0, 0, 0, 0, 0];
          for (let i = 0; i < filterSize; i += 1) {
            for (let j = 0; j < filterSize; j += 1) {
              const g = w[i]![j]! / total;
              const a = x[b]![r + i]![s + j]![k]!;
              const d = y[b]![r + i]![s + j]![k]!;
              mx += g * a;
              my += g * d;
              sxx += g * a * a;
              syy += g * d * d;
              sxy += g * a * d;
            }
          }
          const [vx, vy, cov] = [sxx - mx * mx, syy - my * my, sxy - mx * my];
          perChannel += (((2 * mx * my + c1) / (mx * mx + my * my + c1)) * (2 * cov + c2)) / (vx + vy + c2);
        }
      }
      perImage += perChannel / ((h - filterSize + 1) * (wd - filterSize + 1));
    }
    sum += perImage / ch;
  }
  return sum / x.length;
}

describe('ssim (tf.image.ssim, Wang et al. 2004)', () => {
  it('identical images score exactly 1', () => {
    const rng = createRng(5);
    const a = randomUniform(rng, [2, 12, 13, 3]);
    expect(ssimOf(a, a)).toBe(1);
    tf.dispose(a);
  });
  it('flat images a and b: cs = 1, so SSIM = (2ab + C1) / (a² + b² + C1), by hand', () => {
    const c1 = (0.01 * 255) ** 2;
    const expected = (2 * 100 * 140 + c1) / (100 ** 2 + 140 ** 2 + c1);
    const got = on(
      (a, b) => ssimOf(a, b, { maxVal: 255 }),
      () => tf.fill([1, 11, 11, 1], 100),
      () => tf.fill([1, 11, 11, 1], 140),
    );
    expect(got).toBeCloseTo(expected, 6);
  });
  it('a constant shift keeps the structure (cs = 1) and lowers the luminance term only', () => {
    const rng = createRng(8);
    const a = tf.mul(randomUniform(rng, [1, 16, 16, 1]), 0.5);
    const b = tf.add(a, 0.2);
    const [xa, xb] = [a.arraySync() as number[][][][], b.arraySync() as number[][][][]];
    const got = ssimOf(a, b);
    expect(got).toBeLessThan(1);
    expect(got).toBeCloseTo(referenceSsim(xa, xb), 5);
    tf.dispose([a, b]);
  });
  it('matches the plain-JS reference on random noisy images, 11×11 and 3×3 windows, several channels', () => {
    const rng = createRng(9);
    const a = randomUniform(rng, [2, 14, 12, 2]);
    const b = tf.clipByValue(tf.add(a, randomUniform(rng, [2, 14, 12, 2], -0.3, 0.3)), 0, 1);
    const [xa, xb] = [a.arraySync() as number[][][][], b.arraySync() as number[][][][]];
    expect(ssimOf(a, b)).toBeCloseTo(referenceSsim(xa, xb), 5);
    const small = { filterSize: 3, filterSigma: 0.8, k1: 0.02, k2: 0.05 };
    expect(ssimOf(a, b, small)).toBeCloseTo(referenceSsim(xa, xb, small), 5);
    tf.dispose([a, b]);
  });
  it('labelled errors: images smaller than the window, bad options', () => {
    expect(() =>
      on(
        ssimOf,
        () => tf.zeros([1, 10, 11, 1]),
        () => tf.zeros([1, 10, 11, 1]),
      ),
    ).toThrow(/ssim\(ssim\): images of 10×11 are smaller than the 11×11 window/);
    const a = tf.zeros([1, 11, 11, 1]);
    expect(() => ssimOf(a, a, { filterSize: 0 })).toThrow(ConfigError);
    expect(() => ssimOf(a, a, { window: 3 } as SsimOptions)).toThrow(ConfigError);
    tf.dispose(a);
  });
});
