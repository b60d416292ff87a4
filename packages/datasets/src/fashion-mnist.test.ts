import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEBIAN_FASHION_MNIST, fashionMnist, fashionMnistArrays, splitArrays } from './fashion-mnist.js';
import { hasIdxFiles } from './idx-folder.js';

const debian = await hasIdxFiles(DEBIAN_FASHION_MNIST);

describe('fashionMnist', () => {
  it('splits the npm package by a seeded, stratified holdout of 1,000 test images per class', async () => {
    const { arrays, source } = await fashionMnistArrays({ source: 'npm' });
    expect(source).toBe('npm');
    expect([arrays.train.count, arrays.test.count]).toEqual([60000, 10000]);
    const perClass = new Array(10).fill(0);
    for (const y of arrays.test.labels) perClass[y]++;
    expect(perClass).toEqual(new Array(10).fill(1000));
    expect(arrays.train.images.length).toBe(60000 * 784);
  });

  it('splitArrays is reproducible by seed and moves whole images with their labels', () => {
    // 40 images of 784 pixels all equal to their index; labels index mod 4.
    const count = 40;
    const images = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) images.fill(i, i * 784, (i + 1) * 784);
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 4);
    const a = splitArrays({ images, labels, count }, 3);
    expect(splitArrays({ images, labels, count }, 3)).toEqual(a);
    expect(splitArrays({ images, labels, count }, 4).test.images).not.toEqual(a.test.images);
    expect([a.train.count, a.test.count]).toEqual([20, 20]);
    const ids = [a.train, a.test].flatMap((p) =>
      Array.from({ length: p.count }, (_, k) => {
        const id = p.images[k * 784]!;
        expect(p.images.subarray(k * 784, (k + 1) * 784).every((v) => v === id)).toBe(true);
        expect(p.labels[k]).toBe(id % 4);
        return id;
      }),
    );
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it.runIf(debian)(
    'reads the official IDX files when installed: 60,000 / 10,000, labels as in the files',
    async () => {
      const { train, validation, test, source } = await fashionMnist({ validation: 5000, seed: 0 });
      expect(source).toBe('idx');
      expect([train.size, validation.size, test.size]).toEqual([55000, 5000, 10000]);
      // Reference: the label file read by hand (8-byte header, then one byte per label).
      const labels = gunzipSync(
        readFileSync(join(DEBIAN_FASHION_MNIST, 't10k-labels-idx1-ubyte.gz')),
      ).subarray(8);
      const first = await test.take(3).toArray();
      expect(first.map((r) => r.y)).toEqual(Array.from(labels.subarray(0, 3)));
      const pixels = gunzipSync(
        readFileSync(join(DEBIAN_FASHION_MNIST, 't10k-images-idx3-ubyte.gz')),
      ).subarray(16, 16 + 784);
      expect(Array.from(first[0]!.x.values, (v) => Math.round(v * 255))).toEqual(Array.from(pixels));
    },
  );

  it('says what to install when asked for missing IDX files', async () => {
    await expect(fashionMnist({ source: 'idx', directory: '/nonexistent' })).rejects.toThrow(
      /\/nonexistent does not hold the four Fashion-MNIST IDX files \(apt-get install dataset-fashion-mnist/,
    );
    await expect(fashionMnist({ sorce: 'npm' } as never)).rejects.toThrow(/unknown option 'sorce'/);
  });
});
