import { ConfigError, createRng, randomNormal, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalGan } from './conditional-gan.js';
import { dcgan } from './dcgan.js';
import { generateImages } from './generate-images.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function trained(parts: ReturnType<typeof dcgan>, inputs: number) {
  const g = parts.generator.init(createRng(0), [null, inputs]);
  return { params: { generator: g.params }, state: { generator: g.state } };
}

describe('generateImages', () => {
  it("maps a tanh generator's output to [0, 1]: (G(z) + 1) / 2 on the seed's noise", () => {
    const parts = dcgan({ imageSize: 8, latent: 3, filters: 2 });
    const t = trained(parts, 3);
    const images = generateImages(parts, t, { count: 4, seed: 5 });
    // The same noise by hand: createRng(seed), standard normal, [count, latent].
    const z = randomNormal(createRng(5), [4, 3]);
    const y = parts.generator.apply(t.params.generator as TensorTree, z, {
      training: false,
      state: t.state.generator as TensorTree,
    }).y;
    const expected = tf.div(tf.add(y, 1), 2);
    expect(images.shape).toEqual([4, 8, 8, 1]);
    expect(tf.max(tf.abs(tf.sub(images, expected))).dataSync()[0]).toBeLessThan(1e-6);
    expect(tf.min(images).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(images).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([images, z, y, expected]);
  });

  it('gives the same images for the same seed and labels, others for another seed', () => {
    const parts = conditionalGan({ imageSize: 8, latent: 3, filters: 2, classes: 3 });
    const t = trained(parts, 6);
    const before = tf.memory().numTensors;
    const a = generateImages(parts, t, { labels: [0, 2], seed: 1 });
    const b = generateImages(parts, t, { labels: [0, 2], seed: 1 });
    const c = generateImages(parts, t, { labels: [0, 2], seed: 2 });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects labels an architecture cannot take, naming what to pass', () => {
    const conditional = conditionalGan({ imageSize: 8, latent: 3, filters: 2, classes: 3 });
    const plain = dcgan({ imageSize: 8, latent: 3, filters: 2 });
    const tc = trained(conditional, 6);
    expect(() => generateImages(conditional, tc, { count: 2 })).toThrow(/needs one class per image/);
    expect(() => generateImages(conditional, tc, { labels: [3] })).toThrow(/integers in \[0, 2\]/);
    expect(() => generateImages(plain, trained(plain, 3), { labels: [0] })).toThrow(/takes no labels/);
    expect(() => generateImages(plain, { params: {} }, { count: 1 })).toThrow(ConfigError);
  });
});
