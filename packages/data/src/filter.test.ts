import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';

describe('dataset.filter', () => {
  it('keeps the matching elements (sync or async predicate) and makes the size unknown', async () => {
    const ds = fromArray([1, 2, 3, 4, 5, 6]);
    expect(await ds.filter((x) => x % 2 === 0).toArray()).toEqual([2, 4, 6]);
    expect(await ds.filter(async (x) => x > 4).toArray()).toEqual([5, 6]);
    expect(ds.filter(() => true).size).toBeUndefined();
  });

  it('disposes the tensors of the elements it drops', async () => {
    const before = tf.memory().numTensors;
    const kept = await fromArray([1, 2, 3, 4])
      .map((x) => ({ t: tf.scalar(x), x }))
      .filter((r) => r.x > 2)
      .toArray();
    expect(kept.map((r) => r.x)).toEqual([3, 4]);
    expect(tf.memory().numTensors - before).toBe(2);
    tf.dispose(kept.map((r) => r.t));
    expect(tf.memory().numTensors).toBe(before);
  });
});
