import { ConfigError, createRng, type Layer, type Rng } from '@strata/core';
import { sgd } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fit } from './fit.js';
import { runRngs } from './loop.js';

/** The first draws of a generator, without touching the original's position for the comparison. */
const draws = (rng: Rng, n = 6) => Array.from({ length: n }, () => rng.nextUint32());

/** The generators as runs have always drawn them: all epochs' children split off at once. */
function allocated(seed: number, epochs: number): Rng[] {
  const [, train] = createRng(seed).split(2) as [Rng, Rng];
  return train.split(epochs);
}

describe('runRngs', () => {
  it('gives each epoch the generator split(epochs) gave it, in any order of asking', () => {
    for (const seed of [0, 7, 2 ** 40 + 3]) {
      const reference = allocated(seed, 40).map((r) => draws(r));
      const rngs = runRngs(seed, 40);
      const order = [0, 1, 2, 17, 3, 39, 38, 0, 25, 25];
      expect(order.map((e) => draws(rngs.epoch(e)))).toEqual(order.map((e) => reference[e]));
      // init is the first child of the seed's root, as before.
      const [init] = createRng(seed).split(2) as [Rng, Rng];
      expect(draws(rngs.init)).toEqual(draws(init));
    }
  });

  it('reaches a far epoch, as a resume does, with the same generator', () => {
    const e = 100_000;
    const reference = draws(allocated(3, e + 1)[e]!);
    expect(draws(runRngs(3, 1_000_000_000).epoch(e))).toEqual(reference);
  });

  it('refuses an epoch outside the run', () => {
    const rngs = runRngs(0, 3);
    expect(() => rngs.epoch(3)).toThrow(ConfigError);
    expect(() => rngs.epoch(-1)).toThrow(ConfigError);
  });

  it('lets fit take a billion epochs without allocating for each (a callback stops it after one)', async () => {
    const before = tf.memory().numTensors;
    // y = w·x from w = 1, fitted to y = 3x.
    const model: Layer = {
      name: 'scale',
      init: () => ({ params: { w: tf.scalar(1) }, state: {}, outputShape: [null, 1] }),
      apply: (p, x, ctx) => ({ y: tf.mul(x, p.w as tf.Tensor), state: ctx.state }),
    };
    const data = [{ x: tf.tensor2d([[1]]), y: tf.tensor2d([[3]]) }];
    const r = await fit({
      model,
      inputShape: [null, 1],
      loss: (a, b) => tf.tidy(() => tf.mean(tf.square(tf.sub(a, b))) as tf.Scalar),
      optimizer: sgd({ learningRate: 0.25 }),
      data,
      epochs: 1_000_000_000,
      callbacks: [{ onEpochEnd: () => ({ stop: true }) }],
    });
    // One step of w ← w − 0.25 · 2(w − 3) from w = 1: w = 2, loss (1 − 3)² = 4.
    expect(r.history.map((h) => h.loss)).toEqual([4]);
    expect((r.params.w as tf.Tensor).dataSync()[0]).toBe(2);
    tf.dispose([r.params.w as tf.Tensor, ...data.flatMap((b) => [b.x, b.y])]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
