import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createRng, disposeTree, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { conditionalGan } from './conditional-gan.js';
import { dcgan } from './dcgan.js';
import { decodePng } from './png.test-util.js';
import { sampleGridCallback } from './sample-grid-callback.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sampleGridCallback', () => {
  it("writes epoch-<n>.png: the generator's inference-mode images on fixed noise, tanh mapped from [-1, 1]", () => {
    const model = dcgan({ imageSize: 4, latent: 2, filters: 2 });
    const g = model.generator.init(createRng(0), [null, 2]);
    const ctx = { params: { generator: g.params }, state: { generator: g.state } };
    const callback = sampleGridCallback({ dir, model, count: 4, seed: 3 });
    const before = tf.memory().numTensors;
    callback.onEpochEnd(0, {}, ctx);
    expect(tf.memory().numTensors).toBe(before);
    const png = decodePng(readFileSync(join(dir, 'epoch-1.png')));
    // 4 images in 2 rows of 2, 4 pixels each and one gap.
    expect([png.width, png.height]).toEqual([9, 9]);
    // The reference: the same noise draws through the generator, mapped by hand to 0…255.
    const images = tf.tidy(() =>
      model.generator
        .apply(g.params as TensorTree, randomNormal(createRng(3), [4, 2]), {
          training: false,
          state: g.state,
        })
        .y.dataSync(),
    );
    for (let i = 0; i < 4; i++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          const v = images[(i * 4 + y) * 4 + x]!;
          const at = (Math.floor(i / 2) * 5 + y) * 9 + (i % 2) * 5 + x;
          expect(png.pixels[at]).toBe(Math.round((255 * (v + 1)) / 2));
        }
      }
    }
    disposeTree(g);
  });

  it('gives a conditional GAN one row per class, and refuses a model this plugin did not build', () => {
    const model = conditionalGan({ imageSize: 4, latent: 2, filters: 2, classes: 3 });
    const g = model.generator.init(createRng(0), [null, 5]);
    sampleGridCallback({ dir, model, count: 6 }).onEpochEnd(
      1,
      {},
      { params: { generator: g.params }, state: { generator: g.state } },
    );
    // 3 rows (classes) of 2 images.
    const png = decodePng(readFileSync(join(dir, 'epoch-2.png')));
    expect([png.width, png.height]).toEqual([2 * 4 + 1, 3 * 4 + 2]);
    disposeTree(g);
    const foreign = { generator: model.generator, discriminator: model.discriminator };
    expect(() => sampleGridCallback({ dir, model: foreign })).toThrow(ConfigError);
  });
});
