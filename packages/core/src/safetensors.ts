import * as tf from '@tensorflow/tfjs-core';
import { DataError } from './errors.js';
import { flattenTree, unflattenTree } from './tree.js';
import type { TensorTree } from './types.js';

/*
 * The safetensors format (huggingface/safetensors, read by PyTorch, JAX and others): 8 bytes of
 * little-endian u64 N, then N bytes of UTF-8 JSON `{ name: { dtype, shape, data_offsets: [begin, end] },
 * "__metadata__": { string: string } }`, then the raw little-endian data, offsets relative to its start.
 */

/** A decoded file: the tensors as a tree (flat names split at '/'), owned by the caller, and the metadata. */
export interface Safetensors {
  readonly tensors: TensorTree;
  readonly metadata: Readonly<Record<string, string>>;
}

const WRITE_DTYPE = { float32: 'F32', int32: 'I32', bool: 'BOOL' } as const;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A tree of tensors as the bytes of a safetensors file: each leaf under its flat key (`dense/kernel`),
 * float32 as `F32`, int32 as `I32`, bool as `BOOL`, in the tree's order; `metadata` goes to
 * `__metadata__`. Reads each tensor once; takes no ownership. The header is padded with spaces to a
 * multiple of 8 bytes, as the reference writer does, so the data is aligned.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { decodeSafetensors, encodeSafetensors } from '@strata/core';
 *
 * const bytes = encodeSafetensors({ dense: { kernel: tf.tensor2d([[1, 2]]) } }, { format: 'strata' });
 * // The first 8 bytes are the header's length, little-endian:
 * new DataView(bytes.buffer).getUint32(0, true) % 8; // => 0
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * (tensors.dense as { kernel: tf.Tensor }).kernel; // => [[1, 2]]
 * metadata; // => { format: 'strata' }
 * ```
 */
export function encodeSafetensors(
  tree: TensorTree,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const flat = flattenTree(tree);
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string')
      throw new DataError('encodeSafetensors', `metadata '${k}' must be a string, got ${typeof v}`);
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(flat)) {
    if (name === '__metadata__')
      throw new DataError('encodeSafetensors', "a tensor may not be named '__metadata__'");
    const dtype = WRITE_DTYPE[t.dtype as keyof typeof WRITE_DTYPE];
    if (dtype === undefined) {
      throw new DataError(
        'encodeSafetensors',
        `'${name}' is a ${t.dtype} tensor; only float32, int32 and bool are saved`,
      );
    }
    const bytes = toBytes(t);
    header[name] = { dtype, shape: t.shape.slice(), data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  if (padded !== json.byteLength) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toBytes(t: tf.Tensor): Uint8Array {
  const values = t.dataSync();
  if (t.dtype === 'bool') return Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  const typed =
    t.dtype === 'int32' ? Int32Array.from(values as Int32Array) : Float32Array.from(values as Float32Array);
  if (LITTLE_ENDIAN) return new Uint8Array(typed.buffer);
  const out = new Uint8Array(typed.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < typed.length; i++) {
    if (t.dtype === 'int32') view.setInt32(i * 4, typed[i]!, true);
    else view.setFloat32(i * 4, typed[i]!, true);
  }
  return out;
}

/** How each safetensors dtype is read: its width and the tfjs dtype it becomes. */
const READ: Record<
  string,
  { size: number; dtype: 'float32' | 'int32' | 'bool'; get: (v: DataView, at: number) => number }
> = {
  F32: { size: 4, dtype: 'float32', get: (v, at) => v.getFloat32(at, true) },
  F64: { size: 8, dtype: 'float32', get: (v, at) => v.getFloat64(at, true) },
  F16: { size: 2, dtype: 'float32', get: (v, at) => halfToFloat(v.getUint16(at, true)) },
  BF16: { size: 2, dtype: 'float32', get: (v, at) => bf16ToFloat(v.getUint16(at, true)) },
  I32: { size: 4, dtype: 'int32', get: (v, at) => v.getInt32(at, true) },
  I16: { size: 2, dtype: 'int32', get: (v, at) => v.getInt16(at, true) },
  U16: { size: 2, dtype: 'int32', get: (v, at) => v.getUint16(at, true) },
  I8: { size: 1, dtype: 'int32', get: (v, at) => v.getInt8(at) },
  U8: { size: 1, dtype: 'int32', get: (v, at) => v.getUint8(at) },
  I64: { size: 8, dtype: 'int32', get: (v, at) => Number(v.getBigInt64(at, true)) },
  BOOL: { size: 1, dtype: 'bool', get: (v, at) => (v.getUint8(at) === 0 ? 0 : 1) },
};

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function bf16ToFloat(b: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, b << 16);
  return v.getFloat32(0);
}

/**
 * Parses the bytes of a safetensors file into tensors the caller owns (flat names with '/' become a
 * tree) and its `__metadata__`. F32 and I32 load as they are; F16, BF16 and F64 become float32; other
 * integer types int32 (I64 only when every value fits); BOOL bool. Labelled DataErrors name what is
 * wrong: a truncated file, a bad header, offsets that overlap, leave gaps or pass the end, a size that
 * does not match the shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { decodeSafetensors, encodeSafetensors } from '@strata/core';
 *
 * const bytes = encodeSafetensors({ w: tf.tensor1d([0.5, -2]), steps: tf.scalar(3, 'int32') });
 * const { tensors } = decodeSafetensors(bytes);
 * tensors.w; // => [0.5, -2]
 * (tensors.steps as tf.Tensor).dtype; // => 'int32'
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): Safetensors {
  const label = 'decodeSafetensors';
  if (!(bytes instanceof Uint8Array))
    throw new DataError(label, 'expects the file as a Uint8Array (or Node Buffer)');
  if (bytes.byteLength < 8)
    throw new DataError(label, `the file has ${bytes.byteLength} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.byteLength - 8)) {
    throw new DataError(
      label,
      `the header claims ${n} bytes but the file has ${bytes.byteLength - 8} after the length`,
    );
  }
  const headerEnd = 8 + Number(n);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    throw new DataError(label, `the header is not UTF-8 JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new DataError(label, 'the header must be a JSON object');
  }
  const dataLength = bytes.byteLength - headerEnd;
  const metadata: Record<string, string> = {};
  const raw = header.__metadata__;
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null)
      throw new DataError(label, '__metadata__ must be an object of strings');
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string')
        throw new DataError(label, `__metadata__ '${k}' must be a string, got ${typeof v}`);
      metadata[k] = v;
    }
  }
  const entries = Object.entries(header)
    .filter(([k]) => k !== '__metadata__')
    .map(([name, info]) => {
      const i = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const read = typeof i?.dtype === 'string' ? READ[i.dtype] : undefined;
      if (!read)
        throw new DataError(
          label,
          `'${name}' has dtype ${JSON.stringify(i?.dtype)}; Strata reads ${Object.keys(READ).join(', ')}`,
        );
      const shape = i.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new DataError(
          label,
          `'${name}' has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`,
        );
      }
      const off = i.data_offsets;
      if (
        !Array.isArray(off) ||
        off.length !== 2 ||
        !off.every((d) => Number.isInteger(d) && d >= 0) ||
        off[0] > off[1]
      ) {
        throw new DataError(
          label,
          `'${name}' has data_offsets ${JSON.stringify(off)}; expected [begin, end]`,
        );
      }
      const size = (shape as number[]).reduce((a, b) => a * b, 1);
      if (off[1] - off[0] !== size * read.size) {
        throw new DataError(
          label,
          `'${name}' spans ${off[1] - off[0]} bytes, but ${i.dtype} of shape [${shape.join(', ')}] takes ${size * read.size}`,
        );
      }
      if (off[1] > dataLength)
        throw new DataError(label, `'${name}' ends at byte ${off[1]}, past the data's ${dataLength} bytes`);
      return {
        name,
        read,
        shape: shape as number[],
        begin: off[0] as number,
        end: off[1] as number,
        dtype: i.dtype as string,
      };
    });
  // The format requires the buffers to cover the data exactly, without holes or overlaps.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) {
      throw new DataError(
        label,
        `'${e.name}' starts at byte ${e.begin}, expected ${at} (the buffers must be contiguous)`,
      );
    }
    at = e.end;
  }
  if (at !== dataLength)
    throw new DataError(label, `the tensors cover ${at} of the ${dataLength} data bytes`);

  const flat: Record<string, tf.Tensor> = {};
  try {
    for (const e of entries) {
      const start = headerEnd + e.begin;
      const count = (e.end - e.begin) / e.read.size;
      let values: Float32Array | Int32Array | Uint8Array;
      if (e.dtype === 'F32' && LITTLE_ENDIAN && (bytes.byteOffset + start) % 4 === 0) {
        values = new Float32Array(bytes.buffer, bytes.byteOffset + start, count).slice();
      } else {
        values =
          e.read.dtype === 'float32'
            ? new Float32Array(count)
            : e.read.dtype === 'int32'
              ? new Int32Array(count)
              : new Uint8Array(count);
        for (let j = 0; j < count; j++) {
          const v = e.read.get(view, start + j * e.read.size);
          if (e.dtype === 'I64' && (v > 2 ** 31 - 1 || v < -(2 ** 31))) {
            throw new DataError(label, `'${e.name}' is I64 with value ${v}, outside int32`);
          }
          values[j] = v;
        }
      }
      flat[e.name] = tf.tensor(values, e.shape, e.read.dtype);
    }
    return { tensors: unflattenTree(flat), metadata };
  } catch (error) {
    tf.dispose(Object.values(flat));
    throw error;
  }
}
