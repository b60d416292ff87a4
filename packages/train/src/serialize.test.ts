import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeDeep } from './dispose.js';
import { deserializeTree, serializeTree } from './serialize.js';

describe('serializeTree', () => {
  it('round-trips tensors of each dtype, numbers and nesting', () => {
    const tree = {
      params: {
        w: tf.tensor2d([
          [1.5, -2],
          [3, 4e-8],
        ]),
        i: tf.tensor1d([1, -7], 'int32'),
      },
      opt: { count: 12, mu: [tf.scalar(0.25)], name: 'adam', flag: tf.tensor1d([true, false], 'bool') },
    };
    const s = serializeTree(tree);
    // 4 bytes per float32/int32 value, 1 per bool.
    expect(s.data.byteLength).toBe(4 * 4 + 2 * 4 + 4 + 2);
    // The skeleton and specs go through JSON, as in a checkpoint file.
    const back = deserializeTree({
      ...JSON.parse(JSON.stringify({ ...s, data: undefined })),
      data: s.data,
    }) as typeof tree;
    expect(Array.from(back.params.w.dataSync())).toEqual(Array.from(tree.params.w.dataSync()));
    expect(back.params.i.dtype).toBe('int32');
    expect(Array.from(back.params.i.dataSync())).toEqual([1, -7]);
    expect(back.opt.count).toBe(12);
    expect(back.opt.name).toBe('adam');
    expect(back.opt.mu[0]!.dataSync()[0]).toBe(0.25);
    expect(back.opt.flag.dtype).toBe('bool');
    expect(Array.from(back.opt.flag.dataSync())).toEqual([1, 0]);
    disposeDeep(tree);
    disposeDeep(back);
  });
});
