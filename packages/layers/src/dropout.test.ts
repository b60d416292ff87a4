import { ConfigError, createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dropout } from './dropout.js';

describe('dropout', () => {
  it('zeroes about `rate` of the entries and scales the rest by 1/(1-rate), keeping the mean', () => {
    const rate = 0.3;
    const n = 20000;
    const x = tf.ones([n]);
    const { y } = dropout({ rate }).apply({}, x, { training: true, rng: createRng(5), state: {} });
    const v = Array.from(y.dataSync());
    const zeros = v.filter((e) => e === 0).length;
    const kept = Array.from(v).filter((e) => e !== 0);
    // Binomial(n, 0.3): standard deviation √(n·0.3·0.7) ≈ 65; allow 5 of them.
    expect(Math.abs(zeros - rate * n)).toBeLessThan(5 * Math.sqrt(n * rate * (1 - rate)));
    expect(new Set(kept).size).toBe(1);
    expect(kept[0]).toBeCloseTo(1 / (1 - rate), 6);
    const mean = v.reduce((a, b) => a + b, 0) / n;
    // Mean of the scaled Bernoulli: 1, standard error √(rate/(1-rate)/n) ≈ 0.0046.
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(rate / (1 - rate) / n));
    tf.dispose([x, y]);
  });

  it('takes a rate schedule of the step (ctx.step), checked at each step', () => {
    const x = tf.ones([1, 20_000]);
    const rate = (step: number) => Math.min(0.5, step / 100);
    const drop = dropout({ rate });
    const zerosAt = (step: number) =>
      tf.tidy(() => {
        const { y } = drop.apply({}, x, { training: true, rng: createRng(3), state: {}, step });
        return Array.from(y.dataSync()).filter((v) => v === 0).length / x.size;
      });
    // Rates 0, 0.2 and 0.5 (capped): the share dropped within 5 standard errors of each.
    expect(zerosAt(0)).toBe(0);
    for (const [step, p] of [
      [20, 0.2],
      [100, 0.5],
      [400, 0.5],
    ] as const) {
      expect(Math.abs(zerosAt(step) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / x.size));
    }
    expect(() =>
      dropout({ rate: () => 1 }).apply({}, x, { training: true, rng: createRng(1), state: {}, step: 7 }),
    ).toThrow(
      'dropout({rate}): must be below 1 (a rate of 1 drops everything), got 1 at step 7; use 0 ≤ rate < 1',
    );
    x.dispose();
  });

  it('is the identity (a new tensor) when not training or at rate 0', () => {
    const x = tf.tensor([1, 2, 3]);
    const a = dropout({ rate: 0.5 }).apply({}, x, { training: false, state: {} }).y;
    const b = dropout({ rate: 0 }).apply({}, x, { training: true, state: {} }).y;
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    a.dispose();
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, b]);
  });

  it('draws the same mask from the same seed and a different one from another', () => {
    const x = tf.ones([64]);
    const run = (seed: number) =>
      Array.from(
        dropout({ rate: 0.5 })
          .apply({}, x, { training: true, rng: createRng(seed), state: {} })
          .y.dataSync(),
      );
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    x.dispose();
  });

  it('passes the gradient through the kept entries, scaled', () => {
    const x = randomNormal(createRng(3), [4, 5]);
    // A fresh generator with the same seed in every evaluation keeps the mask fixed.
    const f = (xi: tf.Tensor) =>
      dropout({ rate: 0.4 }).apply({}, xi, { training: true, rng: createRng(8), state: {} }).y;
    const r = checkGradients(f, [x], { step: 0.5 });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(20);
    x.dispose();
  });

  it('says what is wrong', () => {
    expect(() => dropout({ rate: 1 })).toThrow(/must be below 1/);
    expect(() => dropout({ rate: -0.1 })).toThrow(
      new ConfigError('dropout({rate})', 'must be a number in [0, 1], got -0.1'),
    );
    const x = tf.ones([2]);
    expect(() => dropout({ rate: 0.5 }).apply({}, x, { training: true, state: {} })).toThrow(
      /dropout 'dropout': training drops units at random and needs a generator/,
    );
    x.dispose();
  });

  it('leaks no tensors', () => {
    const x = tf.ones([3, 3]);
    const rng = createRng(0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++)
      dropout({ rate: 0.5 }).apply({}, x, { training: true, rng, state: {} }).y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
