import { DataError } from '@strata/core';
import type { CollateDtype, TypedArray } from './types.js';

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function isSample(v: object): boolean {
  return 'values' in v && 'shape' in v && isTypedArray((v as { values: unknown }).values);
}

function isSequence(v: unknown): v is readonly number[] | TypedArray {
  return isTypedArray(v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
}

const join = (path: string, key: string) => (path === '' ? key : `${path}/${key}`);

function longest(v: unknown, path: string, out: Map<string, number>): void {
  if (isSequence(v)) {
    out.set(path, Math.max(out.get(path) ?? 0, v.length));
  } else if (typeof v === 'object' && v !== null && !isSample(v)) {
    for (const [k, x] of Object.entries(v)) longest(x, join(path, k), out);
  }
}

function padded(
  v: unknown,
  path: string,
  lengths: ReadonlyMap<string, number>,
  hints: Readonly<Record<string, CollateDtype>>,
  value: number,
  label: string,
): unknown {
  if (isSequence(v)) {
    const length = lengths.get(path);
    if (length === undefined) {
      throw new DataError(
        label,
        `${path || 'the element'} is a sequence here but not in the first element; elements must share one structure`,
      );
    }
    const int =
      hints[path] === 'int32' ||
      (hints[path] === undefined &&
        isTypedArray(v) &&
        !(v instanceof Float32Array || v instanceof Float64Array));
    const out = int ? new Int32Array(length) : new Float32Array(length);
    out.set(v as ArrayLike<number>);
    if (v.length < length) out.fill(value, v.length);
    return out;
  }
  if (typeof v === 'object' && v !== null && !isSample(v)) {
    if (Array.isArray(v))
      return v.map((x, i) => padded(x, join(path, String(i)), lengths, hints, value, label));
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, padded(x, join(path, k), lengths, hints, value, label)]),
    );
  }
  return v;
}

/**
 * Pads every sequence leaf (a plain array of numbers, or a typed array) of a group of elements at
 * the end with `value`, to the longest in the group, as typed arrays `collate` stacks: Int32Array for
 * integer typed arrays or leaves declared int32, Float32Array otherwise. Numbers and `{ values, shape }`
 * samples pass through.
 */
export function padSequences(
  elements: readonly unknown[],
  hints: Readonly<Record<string, CollateDtype>>,
  value: number,
  label: string,
): unknown[] {
  const lengths = new Map<string, number>();
  for (const e of elements) longest(e, '', lengths);
  return elements.map((e) => padded(e, '', lengths, hints, value, label));
}
