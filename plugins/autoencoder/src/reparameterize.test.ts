import { registerGradients } from '@strata/backends';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianKl } from './gaussian-kl.js';
import { pixelBce } from './internal/pixel-bce.js';
import { reparameterize } from './reparameterize.js';

beforeAll(() => {
  registerGradients();
});

describe('reparameterize', () => {
  it('is z = μ + exp(½ log σ²)·ε, with dz/dμ = 1 and dz/dlog σ² = ½σε (by hand)', () => {
    const mean = tf.tensor1d([0.5, -1, 2]);
    const logVar = tf.tensor1d([0, Math.log(4), -1]);
    const eps = tf.tensor1d([1, -0.5, 0.25]);
    const z = reparameterize(mean, logVar, eps);
    const sigma = [1, 2, Math.exp(-0.5)];
    const expected = [0.5 + 1, -1 - 1, 2 + sigma[2]! * 0.25];
    Array.from(z.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 5);
    });
    const [dMean, dLogVar] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(reparameterize(m, lv, eps)))([
      mean,
      logVar,
    ]);
    expect(Array.from(dMean!.dataSync())).toEqual([1, 1, 1]);
    Array.from(dLogVar!.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(0.5 * sigma[i]! * [1, -0.5, 0.25][i]!, 5);
    });
    tf.dispose([mean, logVar, eps, z, dMean!, dLogVar!]);
  });

  it('the whole negative ELBO has gradients in μ and log σ² that match finite differences', () => {
    // A fixed linear decoder z → 4 logits, a binary image x, one fixed ε: the loss the VAE step takes.
    const w = tf.tensor2d([
      [0.4, -0.3, 0.8, 0.1],
      [-0.6, 0.2, 0.5, -0.9],
    ]);
    const x = tf.tensor2d([
      [1, 0, 1, 0],
      [0, 0, 1, 1],
    ]);
    const eps = tf.tensor2d([
      [0.3, -1.1],
      [1.4, 0.2],
    ]);
    const mean = tf.tensor2d([
      [0.2, -0.5],
      [1, 0.7],
    ]);
    const logVar = tf.tensor2d([
      [-0.3, 0.4],
      [0.1, -1],
    ]);
    const before = tf.memory().numTensors;
    const report = checkGradients(
      (m, lv) => {
        const z = reparameterize(m!, lv!, eps);
        return tf.add(pixelBce(x, tf.matMul(z, w)), tf.mul(0.5, gaussianKl(m!, lv!)));
      },
      [mean, logVar],
      { rtol: 1e-2, atol: 1e-3 },
    );
    expect(report.failures).toEqual([]);
    expect(report.checked).toBe(8);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, x, eps, mean, logVar]);
  });
});
