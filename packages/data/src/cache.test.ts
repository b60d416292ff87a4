import { DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

describe('dataset.cache', () => {
  it('reads upstream once, on the first complete pass, and replays it afterwards', async () => {
    let passes = 0;
    const ds = fromGenerator(() => {
      passes++;
      return [1, 2, 3];
    }).cache();
    // A pass that stops early caches nothing.
    for await (const _ of ds) break;
    expect(await ds.toArray()).toEqual([1, 2, 3]);
    expect(await ds.toArray()).toEqual([1, 2, 3]);
    expect(await ds.shuffle('all', { seed: 0 }).toArray()).toHaveLength(3);
    expect(passes).toBe(2);
  });

  it('refuses elements that hold tensors, and endless datasets', async () => {
    const batches = fromArray([{ x: 1 }, { x: 2 }])
      .batch(1)
      .cache();
    await expect(batches.toArray()).rejects.toThrow(DataError);
    await expect(batches.toArray()).rejects.toThrow(/put cache\(\) before batch\(\)/);
    expect(tf.memory().numTensors).toBe(0);
    expect(() => fromArray([1]).repeat().cache()).toThrow(/cache\(\) before repeat\(\)/);
  });
});
