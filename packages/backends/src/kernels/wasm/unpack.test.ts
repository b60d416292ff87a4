import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeOnWasm } from './wasm-suite.test-util.js';

describeOnWasm('Unpack on wasm (heap to heap)', () => {
  it('unstacks along every axis; element [i] of output k is x at index k on that axis', () => {
    const shape = [3, 4, 2];
    const data = Array.from({ length: 24 }, (_, i) => i - 5);
    const x = tf.tensor3d(data, shape as [number, number, number]);
    for (const axis of [0, 1, 2, -1]) {
      const a = axis < 0 ? axis + 3 : axis;
      const parts = tf.unstack(x, axis);
      expect(parts.length).toBe(shape[a]);
      parts.forEach((p, k) => {
        expect(p.shape).toEqual(shape.filter((_, i) => i !== a));
        const want: number[] = [];
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 4; j++)
            for (let l = 0; l < 2; l++) if ([i, j, l][a] === k) want.push(data[(i * 4 + j) * 2 + l]!);
        expect(Array.from(p.dataSync())).toEqual(want);
      });
      tf.dispose(parts);
    }
    const ints = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const [r0, r1] = tf.unstack(ints);
    expect(r0!.dtype).toBe('int32');
    expect(Array.from(r1!.dataSync())).toEqual([3, 4]);
    tf.dispose([x, ints, r0!, r1!]);
  });
});
