import { ConfigError, createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gaussianNoise } from './gaussian-noise.js';
import { expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

describe('gaussianNoise', () => {
  it('adds noise of mean 0 and the given standard deviation while training', () => {
    const x = tf.fill([200, 100], 3);
    const layer = gaussianNoise({ stddev: 0.5 });
    const { y } = layer.apply({}, x, { training: true, rng: createRng(1), state: {} });
    const d = Array.from(y.dataSync(), (v) => v - 3);
    const mean = d.reduce((a, v) => a + v, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length);
    // 20,000 draws: the mean's standard error is 0.0035, the standard deviation's about 0.0025.
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.01);
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('is the identity at inference and the same noise for the same rng', () => {
    const x = randomNormal(createRng(1), [2, 3]);
    const { y } = gaussianNoise({ stddev: 1 }).apply({}, x, { training: false, state: {} });
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    const a = gaussianNoise({ stddev: 1 }).apply({}, x, { training: true, rng: createRng(4), state: {} }).y;
    const b = gaussianNoise({ stddev: 1 }).apply({}, x, { training: true, rng: createRng(4), state: {} }).y;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, y, a, b]);
  });

  it('gradient (the identity) matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(3), [2, 4]);
    const layer = gaussianNoise({ stddev: 0.3 });
    const r = checkGradients(
      (xi) => layer.apply({}, xi, { training: true, rng: createRng(7), state: {} }).y,
      [x],
      {
        step: 0.5,
      },
    );
    expect(r.failures).toEqual([]);
    x.dispose();
    expectNoLeaks(gaussianNoise({ stddev: 0.1 }), [[2, 3]], true);
  });

  it('says what is wrong', () => {
    expect(() => gaussianNoise({ stddev: -1 })).toThrow(/gaussianNoise\(\{stddev\}\)/);
    expect(() =>
      gaussianNoise({ stddev: 1 }).apply({}, tf.zeros([1, 2]), { training: true, state: {} }),
    ).toThrow(ConfigError);
  });
});
