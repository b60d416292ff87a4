import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';

describe('dataset.paddedBatch / bucketByLength', () => {
  it('pads each batch to its own longest sequence, with the padding value', async () => {
    const before = tf.memory().numTensors;
    const ds = fromArray([
      { ids: new Int32Array([1, 2, 3]), w: [0.5], y: 1 },
      { ids: new Int32Array([4]), w: [0.25, 0.75], y: 0 },
      { ids: new Int32Array([5, 6]), w: [1], y: 1 },
    ]).paddedBatch(2, { paddingValue: -1 });
    const [a, b] = await ds.toArray();
    expect(a!.ids.arraySync()).toEqual([
      [1, 2, 3],
      [4, -1, -1],
    ]);
    expect(a!.ids.dtype).toBe('int32');
    expect(a!.w.arraySync()).toEqual([
      [0.5, -1],
      [0.25, 0.75],
    ]);
    expect(a!.w.dtype).toBe('float32');
    expect(b!.ids.arraySync()).toEqual([[5, 6]]);
    expect(ds.size).toBe(2);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('buckets by length and pads within the bucket; partial buckets come at the end', async () => {
    const lengths = [1, 5, 2, 7, 3, 1, 6, 2];
    const seqs = lengths.map((n, i) => Array.from({ length: n }, () => i + 1));
    const batches = await fromArray(seqs)
      .bucketByLength((s) => s.length, { boundaries: [3, 6], batchSizes: [2, 2, 1] })
      .toArray();
    // Buckets: [0, 3) gets lengths 1, 2, 1, 2; [3, 6) gets 5, 3; [6, ∞) gets 7, 6, each a batch of one.
    const got = batches.map((t) => t.arraySync());
    // In order of completion: bucket 0 fills at element 3, bucket 2 at 4, bucket 1 at 5, bucket 2 at 7
    // and bucket 0 again at 8.
    expect(got).toEqual([
      [
        [1, 0],
        [3, 3],
      ],
      [[4, 4, 4, 4, 4, 4, 4]],
      [
        [2, 2, 2, 2, 2],
        [5, 5, 5, 0, 0],
      ],
      [[7, 7, 7, 7, 7, 7]],
      [
        [6, 0],
        [8, 8],
      ],
    ]);
    tf.dispose(batches);
    const dropped = await fromArray(seqs)
      .bucketByLength((s) => s.length, { boundaries: [3, 6], batchSizes: [3, 3, 3], dropRemainder: true })
      .toArray();
    expect(dropped.map((t) => t.shape)).toEqual([[3, 2]]);
    tf.dispose(dropped);
    expect(() =>
      fromArray(seqs).bucketByLength((s) => s.length, { boundaries: [3], batchSizes: [1] }),
    ).toThrow(/one size per bucket \(2\)/);
  });
});
