import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';
import { zip } from './zip.js';

describe('zip', () => {
  it('pairs elements into tuples or records, ending with the shortest', async () => {
    const a = fromArray([1, 2, 3]);
    const b = fromArray(['x', 'y']);
    expect(await zip([a, b]).toArray()).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(await zip({ n: a, s: b }).toArray()).toEqual([
      { n: 1, s: 'x' },
      { n: 2, s: 'y' },
    ]);
    expect(zip([a, b]).size).toBe(2);
    expect(zip([a, fromGenerator(() => [])]).size).toBeUndefined();
  });

  it('carries declared dtypes under each name, so batches of a zipped pair keep int32 labels', async () => {
    const images = fromArray([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    const labels = fromArray([3, 7]).withDtypes('int32');
    const ds = zip({ x: images, y: labels });
    expect(ds.dtypes).toEqual({ y: 'int32' });
    const [batch] = await ds.batch(2).toArray();
    expect(batch!.x.shape).toEqual([2, 2]);
    expect(batch!.y.dtype).toBe('int32');
    expect(Array.from(batch!.y.dataSync())).toEqual([3, 7]);
    tf.dispose(batch!);
  });

  it('disposes the unmatched element of the last round', async () => {
    const before = tf.memory().numTensors;
    const pairs = await zip([fromArray([1, 2, 3]).map((i) => tf.scalar(i)), fromArray([1])]).toArray();
    expect(pairs).toHaveLength(1);
    tf.dispose(pairs[0]![0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects what is not a dataset', () => {
    expect(() => zip([] as never)).toThrow(ConfigError);
    expect(() => zip({ a: fromArray([1]), b: [2] } as never)).toThrow("zip(datasets): 'b' is not a Dataset");
  });
});
