import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeOnWasm } from './wasm-suite.test-util.js';

/** x[begin : begin + size] by index arithmetic over a row-major array. */
function naiveSlice(data: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const total = size.reduce((a, b) => a * b, 1);
  return Array.from({ length: total }, (_, flat) => {
    let rest = flat;
    let offset = 0;
    for (let a = size.length - 1; a >= 0; a--) {
      offset += ((rest % size[a]!) + begin[a]!) * strides[a]!;
      rest = Math.floor(rest / size[a]!);
    }
    return data[offset]!;
  });
}

describeOnWasm('Slice on wasm (heap to heap)', () => {
  const shape = [3, 4, 5, 2];
  const data = Array.from({ length: 120 }, (_, i) => i * 0.5 - 7);
  it.each([
    ['a leading block (contiguous)', [1, 0, 0, 0], [2, 4, 5, 2]],
    ['one step of a time-major tensor', [2, 0, 0, 0], [1, 4, 5, 2]],
    ['a middle axis', [0, 1, 0, 0], [3, 2, 5, 2]],
    ['the last axis', [0, 0, 0, 1], [3, 4, 5, 1]],
    ['every axis', [1, 1, 2, 0], [2, 3, 2, 1]],
    ['empty', [0, 0, 0, 0], [0, 4, 5, 2]],
  ])('%s', (_, begin, size) => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const values =
        dtype === 'bool'
          ? data.map((v) => (v > 0 ? 1 : 0))
          : data.map((v) => (dtype === 'int32' ? Math.round(v) + 0 : v));
      const x = tf.tensor(values, shape, dtype);
      const y = tf.slice(x, begin, size);
      expect(y.dtype).toBe(dtype);
      expect(y.shape).toEqual(size);
      expect(Array.from(y.dataSync())).toEqual(naiveSlice(values, shape, begin, size));
      tf.dispose([x, y]);
    }
  });

  it('strings still slice (stock kernel)', () => {
    const s = tf.tensor1d(['a', 'b', 'c']);
    const y = tf.slice(s, [1], [2]);
    expect(y.dataSync()).toEqual(['b', 'c']);
    tf.dispose([s, y]);
  });
});
