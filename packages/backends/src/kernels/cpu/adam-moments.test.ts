import { ADAM_MOMENTS_KERNEL } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomHost } from '../kernel-parity.js';
import { adamMomentsCpuConfig } from './adam-moments.js';

describe(`${ADAM_MOMENTS_KERNEL} on cpu`, () => {
  it('equals the composite float32 ops bit for bit and the double-precision formula within rounding', () => {
    tf.registerKernel(adamMomentsCpuConfig);
    try {
      let seed = 3;
      for (const shape of [[1], [5], [13, 7]]) {
        for (const [b1, b2, eps, step] of [
          [0.9, 0.999, 1e-7, 1],
          [0.9, 0.999, 1e-7, 40],
          [0.5, 0.75, 0.01, 3],
        ] as const) {
          const a = { b1, b2, eps, c1: 1 - b1 ** step, c2: 1 - b2 ** step };
          const [gh, mh, vh] = [
            randomHost(seed++, shape),
            randomHost(seed++, shape),
            randomHost(seed++, shape),
          ];
          const v0 = Float32Array.from(vh!.values, Math.abs);
          const [g, m, v] = [
            tf.tensor(gh!.values, shape),
            tf.tensor(mh!.values, shape),
            tf.tensor(v0, shape),
          ];
          const fused = tf.engine().runKernel(ADAM_MOMENTS_KERNEL, { g: g!, m: m!, v: v! }, a) as tf.Tensor[];
          const mu = tf.add(tf.mul(m!, b1), tf.mul(g!, 1 - b1));
          const nu = tf.add(tf.mul(v!, b2), tf.mul(tf.square(g!), 1 - b2));
          const u = tf.div(tf.div(mu, a.c1), tf.add(tf.sqrt(tf.div(nu, a.c2)), eps));
          for (const [k, t] of [mu, nu, u].entries()) {
            expect(Array.from(fused[k]!.dataSync()), `${shape} ${k}`).toEqual(Array.from(t.dataSync()));
          }
          const gs = gh!.values;
          const us = fused[2]!.dataSync();
          gs.forEach((gi, i) => {
            const mi = mh!.values[i]! * b1 + gi * (1 - b1);
            const vi = v0[i]! * b2 + gi * gi * (1 - b2);
            const want = mi / a.c1 / (Math.sqrt(vi / a.c2) + eps);
            expect(Math.abs(us[i]! - want)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want)));
          });
          tf.dispose([g!, m!, v!, mu, nu, u, ...fused]);
        }
      }
      const before = tf.memory().numTensors;
      const x = tf.ones([3]);
      tf.dispose(
        tf
          .engine()
          .runKernel(
            ADAM_MOMENTS_KERNEL,
            { g: x, m: x, v: x },
            { b1: 0.9, b2: 0.9, eps: 0, c1: 1, c2: 1 },
          ) as tf.Tensor[],
      );
      x.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.unregisterKernel(ADAM_MOMENTS_KERNEL, 'cpu');
    }
  });
});
