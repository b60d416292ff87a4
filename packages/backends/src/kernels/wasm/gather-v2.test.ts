import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeOnWasm } from './wasm-suite.test-util.js';

describeOnWasm('GatherV2 on wasm (rows heap to heap)', () => {
  it('looks rows up by ids of any shape, repeats included, for float32 and int32 tables', () => {
    for (const dtype of ['float32', 'int32'] as const) {
      const table = Array.from({ length: 5 * 3 }, (_, i) => i * 3 - 7);
      const x = tf.tensor2d(table, [5, 3], dtype);
      const ids = [
        [4, 0, 4],
        [2, 2, 1],
      ];
      const y = tf.gather(x, tf.tensor2d(ids, [2, 3], 'int32'));
      expect(y.shape).toEqual([2, 3, 3]);
      expect(y.dtype).toBe(dtype);
      expect(Array.from(y.dataSync())).toEqual(ids.flat().flatMap((id) => table.slice(id * 3, id * 3 + 3)));
      tf.dispose([x, y]);
    }
  });

  it('other axes still gather (stock kernel), and an id out of range is an error naming it', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const cols = tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1);
    expect(Array.from(cols.dataSync())).toEqual([3, 1, 6, 4]);
    const before = tf.memory().numTensors;
    expect(() => tf.gather(x, tf.tensor1d([0, 7], 'int32'))).toThrow(
      /index 7 at position 1 is not in \[0, 1\]/,
    );
    expect(tf.memory().numTensors).toBe(before + 1); // only the ids tensor made in the call
    tf.dispose([x, cols]);
  });
});
