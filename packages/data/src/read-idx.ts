import { DataError, formatShape } from '@strata/core';

/** A parsed IDX file: its element type, dimensions and values (row-major). */
export type IdxArray =
  | { readonly dtype: 'uint8'; readonly shape: number[]; readonly data: Uint8Array }
  | { readonly dtype: 'int8'; readonly shape: number[]; readonly data: Int8Array }
  | { readonly dtype: 'int16'; readonly shape: number[]; readonly data: Int16Array }
  | { readonly dtype: 'int32'; readonly shape: number[]; readonly data: Int32Array }
  | { readonly dtype: 'float32'; readonly shape: number[]; readonly data: Float32Array }
  | { readonly dtype: 'float64'; readonly shape: number[]; readonly data: Float64Array };

export type IdxDtype = IdxArray['dtype'];

/*
 * The IDX format (LeCun et al., the MNIST page, "FILE FORMATS FOR THE MNIST DATABASE"): two zero bytes,
 * a type code, the number of dimensions d; then d big-endian uint32 sizes; then the values, big-endian,
 * row-major (last index fastest).
 */
export const TYPES: Readonly<Record<number, { dtype: IdxDtype; bytes: number }>> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

function hex(bytes: Uint8Array, n: number): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Parses an IDX file (the format of MNIST, Fashion-MNIST, EMNIST) from its bytes. All type codes are
 * read: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. uint8 and int8 data are
 * views that share memory with `bytes` (no copy); wider types are converted from big-endian. Throws a
 * DataError for a wrong magic number, a truncated file or trailing bytes. `name` labels the messages.
 *
 * @example
 * ```ts
 * import { readIdx } from '@strata/data';
 *
 * // Magic 0 0 8 (uint8) 1 (one dimension), the length 3 as a big-endian uint32, then the data.
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * readIdx(bytes); // => { dtype: 'uint8', shape: [3], data: [7, 8, 9] }
 * ```
 */
export function readIdx(bytes: Uint8Array, name = 'bytes'): IdxArray {
  const label = `readIdx(${name})`;
  if (!(bytes instanceof Uint8Array)) {
    throw new DataError(label, `expected a Uint8Array of the file's bytes, got ${typeof bytes}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataError(
      label,
      'the bytes are gzip-compressed (magic 1f 8b); decompress them first, or use readIdxFile',
    );
  }
  if (bytes.length < 4) {
    throw new DataError(label, `truncated: ${bytes.length} bytes, but the IDX header alone has 4`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      label,
      `wrong magic number ${hex(bytes, 4)}: an IDX file starts with 00 00 <type> <dims>`,
    );
  }
  const type = TYPES[bytes[2]!];
  if (type === undefined) {
    throw new DataError(
      label,
      `unknown type code 0x${bytes[2]!.toString(16).padStart(2, '0')}; IDX type codes are 08, 09, 0b, 0c, 0d, 0e`,
    );
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataError(
      label,
      `truncated: the header declares ${rank} dimensions (${headerBytes} bytes) but the file has ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * type.bytes;
  const actual = bytes.length - headerBytes;
  if (actual < expected) {
    throw new DataError(
      label,
      `truncated: shape ${formatShape(shape)} of ${type.dtype} needs ${expected} data bytes but the file has ${actual}; the file is incomplete (download it again)`,
    );
  }
  if (actual > expected) {
    throw new DataError(
      label,
      `size mismatch: shape ${formatShape(shape)} of ${type.dtype} needs ${expected} data bytes but the file has ${actual} (${actual - expected} extra)`,
    );
  }
  const at = headerBytes;
  switch (type.dtype) {
    case 'uint8':
      return { dtype: 'uint8', shape, data: bytes.subarray(at, at + count) };
    case 'int8':
      return { dtype: 'int8', shape, data: new Int8Array(bytes.buffer, bytes.byteOffset + at, count) };
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(at + 2 * i, false);
      return { dtype: 'int16', shape, data };
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(at + 4 * i, false);
      return { dtype: 'int32', shape, data };
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, false);
      return { dtype: 'float32', shape, data };
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(at + 8 * i, false);
      return { dtype: 'float64', shape, data };
    }
  }
}
