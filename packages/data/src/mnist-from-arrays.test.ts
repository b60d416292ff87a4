import { DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type MnistPart, mnistFromArrays } from './mnist-from-arrays.js';

/** n synthetic images: image i has every pixel = (i * 7 + k) % 256 at position k, label i % 10. */
function part(n: number): MnistPart {
  const images = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) for (let k = 0; k < 784; k++) images[i * 784 + k] = (i * 7 + k) % 256;
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n };
}

describe('mnistFromArrays', () => {
  const arrays = { train: part(100), test: part(30) };

  it('makes 28×28×1 records with pixels / 255 and the labels, split as asked', async () => {
    const { train, validation, test, indices } = mnistFromArrays(arrays, { validation: 20, seed: 1 });
    expect([train.size, validation.size, test.size]).toEqual([80, 20, 30]);
    const first = (await test.take(2).toArray())[1]!;
    expect(first.x.shape).toEqual([28, 28, 1]);
    expect(first.y).toBe(1);
    expect(Array.from(first.x.values.slice(0, 3))).toEqual([7, 8, 9].map((v) => Math.fround(v / 255)));
    // Records of train are the training images at indices.train.
    const records = await train.toArray();
    records.forEach((r, k) => {
      expect(r.y).toBe(indices.train[k]! % 10);
    });
    // Stratified: 10 classes of 10, 20 held out → 2 per class.
    const perClass = new Array(10).fill(0);
    for (const i of indices.validation) perClass[i % 10]++;
    expect(perClass).toEqual(new Array(10).fill(2));
  });

  it('batches to x [n, 28, 28, 1] float32 and y [n] int32; normalize: false keeps 0…255', async () => {
    const raw = mnistFromArrays(arrays, { validation: 0, normalize: false });
    const [b] = await raw.test.batch(30).toArray();
    expect(b!.x.shape).toEqual([30, 28, 28, 1]);
    expect(b!.x.dtype).toBe('float32');
    expect(b!.y.dtype).toBe('int32');
    const max = tf.max(b!.x);
    expect(max.dataSync()[0]).toBe(255);
    tf.dispose([b!, max]);
    expect(raw.validation.size).toBe(0);
    expect(mnistFromArrays(arrays, { validation: 0.1 }).validation.size).toBe(10);
  });

  it('rejects inconsistent arrays and bad options', () => {
    const bad = { ...arrays, train: { ...arrays.train, count: 99 } };
    expect(() => mnistFromArrays(bad)).toThrow(DataError);
    const badLabel = { ...arrays, test: { ...part(3), labels: Uint8Array.of(1, 12, 3) } };
    expect(() => mnistFromArrays(badLabel)).toThrow('mnistFromArrays: test: label 1 is 12, not a digit 0…9');
    expect(() => mnistFromArrays(arrays, { validation: 100 })).toThrow(/below the 100 training images/);
    expect(() => mnistFromArrays(arrays, { validation: 2.5 })).toThrow(/positive integer/);
    expect(() => mnistFromArrays(arrays, { valdation: 5 } as never)).toThrow(/unknown option 'valdation'/);
  });
});
