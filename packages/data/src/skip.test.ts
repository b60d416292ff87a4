import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';

describe('dataset.skip', () => {
  it('drops the first n elements and the matching size', async () => {
    const ds = fromArray([1, 2, 3, 4]);
    expect(await ds.skip(1).toArray()).toEqual([2, 3, 4]);
    expect(await ds.skip(4).toArray()).toEqual([]);
    expect([ds.skip(1).size, ds.skip(9).size, ds.skip(2).take(1).size]).toEqual([3, 0, 1]);
    // skip then take keeps random access: a shuffled window still holds exactly those elements.
    const window = await ds.skip(1).take(2).shuffle('all', { seed: 0 }).toArray();
    expect(window.sort()).toEqual([2, 3]);
  });

  it('disposes the tensors of skipped elements', async () => {
    const before = tf.memory().numTensors;
    const rest = await fromArray([1, 2, 3])
      .map((x) => tf.scalar(x))
      .skip(2)
      .toArray();
    expect(rest.map((t) => t.dataSync()[0])).toEqual([3]);
    tf.dispose(rest);
    expect(tf.memory().numTensors).toBe(before);
  });
});
