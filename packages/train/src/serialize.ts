import { DataError, recordedValues } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/*
 * Turns a tree of tensors, numbers, strings, booleans, arrays and plain objects (params, optimizer
 * state, model state) into a JSON skeleton plus one binary blob, and back. The skeleton replaces each
 * tensor with { $tensor: index }; the blob holds the tensors' bytes back to back.
 */

/** Where one tensor's bytes lie in the blob. Only these dtypes are saved (a string tensor has no fixed width). */
export interface TensorSpec {
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly shape: number[];
  readonly offset: number;
  readonly byteLength: number;
}
export interface Serialized {
  readonly skeleton: unknown;
  readonly tensors: TensorSpec[];
  readonly data: Uint8Array;
}

function isTensor(v: unknown): v is tf.Tensor {
  return v instanceof tf.Tensor;
}

/** Reads every tensor once (a sync with the device) and returns the skeleton and bytes. */
export function serializeTree(tree: unknown): Serialized {
  const tensors: TensorSpec[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const walk = (v: unknown): unknown => {
    if (isTensor(v)) {
      if (v.dtype !== 'float32' && v.dtype !== 'int32' && v.dtype !== 'bool') {
        throw new DataError('serializeTree', `cannot save a ${v.dtype} tensor; only float32, int32 and bool`);
      }
      // Values an earlier `readTogether` brought back (a worker's epoch part) are not read again.
      const values = (v.dtype !== 'bool' && recordedValues(v)) || v.dataSync();
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
      tensors.push({ dtype: v.dtype, shape: v.shape.slice(), offset, byteLength: bytes.byteLength });
      chunks.push(bytes);
      offset += bytes.byteLength;
      return { $tensor: tensors.length - 1 };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    if (typeof v === 'function') throw new DataError('serializeTree', 'cannot save a function');
    // JSON has no Infinity or NaN (an early-stopping best before its first epoch, a diverged loss).
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  };
  const skeleton = walk(tree);
  const data = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { skeleton, tensors, data };
}

/** Rebuilds the tree; the caller owns the new tensors. */
export function deserializeTree(s: Serialized): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const special = (v as { $number?: unknown }).$number;
      if (typeof special === 'string') return Number(special);
      const ref = (v as { $tensor?: unknown }).$tensor;
      if (typeof ref === 'number') {
        const spec = s.tensors[ref];
        if (!spec || spec.offset + spec.byteLength > s.data.byteLength) {
          throw new DataError(
            'deserializeTree',
            `tensor ${ref} is missing or truncated; the checkpoint is damaged`,
          );
        }
        const bytes = s.data.slice(spec.offset, spec.offset + spec.byteLength);
        // Bytes as dataSync gives them: 4 per float32/int32 value, 1 per bool.
        const values =
          spec.dtype === 'int32'
            ? new Int32Array(bytes.buffer)
            : spec.dtype === 'bool'
              ? new Uint8Array(bytes.buffer)
              : new Float32Array(bytes.buffer);
        return tf.tensor(values, spec.shape, spec.dtype);
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(s.skeleton);
}
