import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gaussianKl } from './gaussian-kl.js';

describe('gaussianKl', () => {
  it('matches the closed form computed by hand, row by row', () => {
    const mean = [
      [0.3, -1.2, 2],
      [0, 0.5, -0.7],
    ];
    const logVar = [
      [-0.5, 0.4, 1.1],
      [0, -2, 0.3],
    ];
    let total = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const m = mean[i]![j]!;
        const s2 = Math.exp(logVar[i]![j]!);
        // KL(N(m, s²) ‖ N(0, 1)) = log(1/s) + (s² + m²)/2 − 1/2 per dimension
        total += -0.5 * Math.log(s2) + (s2 + m * m) / 2 - 0.5;
      }
    }
    const before = tf.memory().numTensors;
    const [m, lv] = [tf.tensor2d(mean), tf.tensor2d(logVar)];
    const kl = gaussianKl(m, lv);
    expect(kl.rank).toBe(0);
    expect(kl.dataSync()[0]).toBeCloseTo(total / 2, 5);
    tf.dispose([m, lv, kl]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agrees with a Monte Carlo estimate of E_q[log q(z) − log p(z)]', () => {
    // One dimension, μ = 0.8, σ = 0.6: the sample mean of log q − log p over 200,000 draws.
    const mu = 0.8;
    const sigma = 0.6;
    let state = 12345;
    const uniform = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return (state + 0.5) / 2 ** 31;
    };
    let sum = 0;
    const n = 200_000;
    for (let k = 0; k < n; k++) {
      const eps = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const z = mu + sigma * eps;
      const logQ = -0.5 * eps * eps - Math.log(sigma);
      const logP = -0.5 * z * z;
      sum += logQ - logP;
    }
    const kl = tf.tidy(
      () => gaussianKl(tf.tensor2d([[mu]]), tf.tensor2d([[Math.log(sigma * sigma)]])).dataSync()[0]!,
    );
    expect(Math.abs(kl - sum / n)).toBeLessThan(0.01);
  });
});
