import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { readIdx } from './read-idx.js';

/** An IDX file written with DataView's big-endian setters, independently of the reader. */
function idx(
  typeCode: number,
  shape: number[],
  values: number[],
  bytesPer: number,
  set: keyof DataView,
): Uint8Array {
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length * bytesPer);
  const view = new DataView(bytes.buffer);
  bytes[2] = typeCode;
  bytes[3] = shape.length;
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  values.forEach((v, i) => {
    (view[set] as (o: number, v: number, le: boolean) => void).call(view, header + i * bytesPer, v, false);
  });
  return bytes;
}

describe('readIdx', () => {
  it('reads hand-written bytes of each type, big-endian', () => {
    // dims [2]; values written out byte by byte.
    const head = (code: number) => [0, 0, code, 1, 0, 0, 0, 2];
    expect(readIdx(new Uint8Array([...head(0x08), 7, 255]))).toEqual({
      dtype: 'uint8',
      shape: [2],
      data: new Uint8Array([7, 255]),
    });
    expect(Array.from(readIdx(new Uint8Array([...head(0x09), 0x7f, 0xff])).data)).toEqual([127, -1]);
    // 0x0102 = 258, 0xfffe = -2
    expect(Array.from(readIdx(new Uint8Array([...head(0x0b), 1, 2, 0xff, 0xfe])).data)).toEqual([258, -2]);
    // 0x00010000 = 65536, 0xffffffff = -1
    expect(
      Array.from(readIdx(new Uint8Array([...head(0x0c), 0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff])).data),
    ).toEqual([65536, -1]);
    // IEEE 754: 1.5 = 3fc00000, -2 = c0000000 (single); 1.5 = 3ff8000000000000, 0.1 = 3fb999999999999a (double)
    const f32 = readIdx(new Uint8Array([...head(0x0d), 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]));
    expect(f32.dtype).toBe('float32');
    expect(Array.from(f32.data)).toEqual([1.5, -2]);
    const f64 = readIdx(
      new Uint8Array([
        ...head(0x0e),
        0x3f,
        0xf8,
        0,
        0,
        0,
        0,
        0,
        0,
        0x3f,
        0xb9,
        0x99,
        0x99,
        0x99,
        0x99,
        0x99,
        0x9a,
      ]),
    );
    expect(f64.dtype).toBe('float64');
    expect(Array.from(f64.data)).toEqual([1.5, 0.1]);
  });

  it('reads every type with its shape from larger files written by DataView', () => {
    const shape = [2, 3, 4];
    const ints = Array.from({ length: 24 }, (_, i) => ((i * 37) % 101) - 50);
    const cases = [
      {
        code: 0x08,
        bytes: 1,
        set: 'setUint8',
        values: ints.map((v) => v + 50),
        dtype: 'uint8',
        ctor: Uint8Array,
      },
      { code: 0x09, bytes: 1, set: 'setInt8', values: ints, dtype: 'int8', ctor: Int8Array },
      {
        code: 0x0b,
        bytes: 2,
        set: 'setInt16',
        values: ints.map((v) => v * 600),
        dtype: 'int16',
        ctor: Int16Array,
      },
      {
        code: 0x0c,
        bytes: 4,
        set: 'setInt32',
        values: ints.map((v) => v * 40_000_000),
        dtype: 'int32',
        ctor: Int32Array,
      },
      {
        code: 0x0d,
        bytes: 4,
        set: 'setFloat32',
        values: ints.map((v) => v / 4),
        dtype: 'float32',
        ctor: Float32Array,
      },
      {
        code: 0x0e,
        bytes: 8,
        set: 'setFloat64',
        values: ints.map((v) => v / 3),
        dtype: 'float64',
        ctor: Float64Array,
      },
    ] as const;
    for (const c of cases) {
      const parsed = readIdx(idx(c.code, shape, [...c.values], c.bytes, c.set));
      expect(parsed.dtype).toBe(c.dtype);
      expect(parsed.shape).toEqual(shape);
      expect(parsed.data).toBeInstanceOf(c.ctor);
      expect(Array.from(parsed.data)).toEqual(c.values);
    }
  });

  it('reads a file that starts at an odd offset of a larger buffer; uint8 data is a view, not a copy', () => {
    const file = idx(0x0c, [3], [1, -2, 3], 4, 'setInt32');
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 1);
    const bytes = padded.subarray(1, 1 + file.length);
    expect(Array.from(readIdx(bytes).data)).toEqual([1, -2, 3]);
    const u8 = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 5, 6]);
    const parsed = readIdx(u8);
    u8[8] = 99;
    expect(parsed.data[0]).toBe(99);
  });

  it('names what is wrong: magic number, gzip, type code, truncation, trailing bytes', () => {
    const good = idx(0x08, [2, 2], [1, 2, 3, 4], 1, 'setUint8');
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), /wrong magic number 01 00 08 01/],
      [new Uint8Array([0x1f, 0x8b, 8, 0]), /gzip-compressed.*readIdxFile/],
      [new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]), /unknown type code 0x0a/],
      [new Uint8Array([0, 0, 8]), /truncated: 3 bytes/],
      [good.subarray(0, 10), /truncated: the header declares 2 dimensions \(12 bytes\)/],
      [good.subarray(0, 14), /truncated: shape \[2, 2\] of uint8 needs 4 data bytes but the file has 2/],
      [new Uint8Array([...good, 0, 0]), /size mismatch.*2 extra/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => readIdx(bytes, 'f.idx')).toThrow(DataError);
      expect(() => readIdx(bytes, 'f.idx')).toThrow(message);
    }
    expect(() => readIdx(good.subarray(0, 14), 'f.idx')).toThrow(/^readIdx\(f\.idx\): /);
  });
});
