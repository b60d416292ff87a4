import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeOnWasm } from './wasm-suite.test-util.js';

describeOnWasm('SplitV on wasm (heap to heap)', () => {
  it('splits into equal and uneven parts along any axis, as concatenating them back shows', () => {
    const x = tf.tensor3d(
      Array.from({ length: 2 * 6 * 3 }, (_, i) => i),
      [2, 6, 3],
    );
    for (const [splits, axis] of [
      [3, 1],
      [[1, 3, 2], 1],
      [[1, 2], 2],
      [2, 0],
      [[2, 4], -2],
    ] as const) {
      const parts = tf.split(x, splits as never, axis);
      const sizes = typeof splits === 'number' ? new Array(splits).fill(x.shape.at(axis)! / splits) : splits;
      parts.forEach((p, i) => {
        expect(p.shape.at(axis)).toBe(sizes[i]);
      });
      const back = tf.concat(parts, axis);
      expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
      // Each part equals the slice at its offset.
      let offset = 0;
      parts.forEach((p, i) => {
        const begin = [0, 0, 0];
        const size = [...x.shape];
        const a = axis < 0 ? axis + 3 : axis;
        begin[a] = offset;
        size[a] = sizes[i]!;
        offset += sizes[i]!;
        const want = tf.slice(x, begin, size);
        expect(Array.from(p.dataSync())).toEqual(Array.from(want.dataSync()));
        want.dispose();
      });
      tf.dispose([...parts, back]);
    }
    x.dispose();
  });
});
