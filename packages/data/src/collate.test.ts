import { ConfigError, DataError, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { collate } from './collate.js';

describe('collate', () => {
  it('stacks numbers, typed arrays and samples row-major, one tensor per field', () => {
    const records = [
      {
        a: 1.5,
        v: new Float32Array([1, 2, 3]),
        s: { values: new Float32Array([1, 2, 3, 4]), shape: [2, 2] },
      },
      { a: -2, v: new Float32Array([4, 5, 6]), s: { values: new Float32Array([5, 6, 7, 8]), shape: [2, 2] } },
    ];
    const before = tf.memory().numTensors;
    const b = collate(records);
    expect(tf.memory().numTensors - before).toBe(3);
    expect(b.a.shape).toEqual([2]);
    expect(b.a.dtype).toBe('float32');
    expect(Array.from(b.a.dataSync())).toEqual([1.5, -2]);
    expect(b.v.shape).toEqual([2, 3]);
    expect(Array.from(b.v.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.s.shape).toEqual([2, 2, 2]);
    expect(Array.from(b.s.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    tf.dispose(b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('derives dtypes from typed arrays (float → float32, integer → int32) unless declared', () => {
    const records = [
      { f64: new Float64Array([0.25]), u8: new Uint8Array([200]), i32: new Int32Array([-7]), n: 3 },
      { f64: new Float64Array([0.5]), u8: new Uint8Array([255]), i32: new Int32Array([9]), n: 4 },
    ];
    const b = collate(records);
    expect([b.f64.dtype, b.u8.dtype, b.i32.dtype, b.n.dtype]).toEqual([
      'float32',
      'int32',
      'int32',
      'float32',
    ]);
    expect(Array.from(b.u8.dataSync())).toEqual([200, 255]);
    tf.dispose(b);
    const d = collate(records, { u8: 'float32', n: 'int32' });
    expect([d.u8.dtype, d.n.dtype]).toEqual(['float32', 'int32']);
    expect(Array.from(d.u8.dataSync())).toEqual([200, 255]);
    expect(Array.from(d.n.dataSync())).toEqual([3, 4]);
    tf.dispose(d);
  });

  it('keeps nested records and tuples; a leaf element gives a single tensor', () => {
    const b = collate<[{ p: number; q: Int16Array }, number]>([
      [{ p: 1, q: new Int16Array([1, 2]) }, 10],
      [{ p: 2, q: new Int16Array([3, 4]) }, 20],
    ]);
    expect(b[0].p.shape).toEqual([2]);
    expect(b[0].q.shape).toEqual([2, 2]);
    expect(Array.from(b[1].dataSync())).toEqual([10, 20]);
    tf.dispose(b);
    const leaf = collate(
      [new Float32Array([1, 2]), new Float32Array([3, 4]), new Float32Array([5, 6])],
      'int32',
    );
    expect(leaf.shape).toEqual([3, 2]);
    expect(leaf.dtype).toBe('int32');
    leaf.dispose();
    const nested = collate([{ f: { g: 1 } }, { f: { g: 2 } }], { 'f/g': 'int32' });
    expect(nested.f.g.dtype).toBe('int32');
    tf.dispose(nested);
  });

  it('rejects mismatched shapes and structures with a ShapeError that names the field and element', () => {
    const before = tf.memory().numTensors;
    expect(() => collate([{ v: new Float32Array(3) }, { v: new Float32Array(4) }])).toThrow(
      /field 'v' of element 1 has 4 values, but element 0 has 3/,
    );
    expect(() =>
      collate([
        { s: { values: new Float32Array(4), shape: [2, 2] } },
        { s: { values: new Float32Array(4), shape: [4, 1] } },
      ]),
    ).toThrow(ShapeError);
    expect(() => collate([{ s: { values: new Float32Array(3), shape: [2, 2] } }])).toThrow(/shape's product/);
    expect(() => collate([{ a: 1, b: 2 }, { a: 1 }])).toThrow(/has no field 'b'/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects values it cannot stack, with labelled errors that say what to do', () => {
    expect(() => collate([{ name: 'seven' }])).toThrow(DataError);
    expect(() => collate([{ name: 'seven' }])).toThrow(/map records to those first/);
    const t = tf.scalar(1);
    expect(() => collate([{ x: t }])).toThrow(/is a tensor/);
    t.dispose();
    expect(() => collate([{ y: 1.5 }], { y: 'int32' })).toThrow(/declared int32 but element 0 is 1.5/);
    expect(() => collate([{ y: 1 }], { z: 'int32' })).toThrow(ConfigError);
    expect(() => collate([{ y: 1 }], { z: 'int32' })).toThrow(/no field 'z'.*fields are 'y'/);
    expect(() => collate([{ y: 1 }], { y: 'int64' as 'int32' })).toThrow(/must be 'float32' or 'int32'/);
    expect(() => collate([{ u: new Uint32Array(1) }])).toThrow(/Uint32Array/);
    expect(() => collate([])).toThrow(/at least one element/);
  });
});
