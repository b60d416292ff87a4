import { ConfigError, DataError, formatShape, ShapeError, sameShape } from '@strata/core';
import { type TensorContainer, tensor, tidy } from '@tensorflow/tfjs-core';
import type { Batched, CollateDtype, DtypeSpec, TypedArray } from './types.js';

type Leaf =
  | { readonly kind: 'number'; readonly path: string; readonly dtype: CollateDtype }
  | {
      readonly kind: 'array';
      readonly path: string;
      readonly dtype: CollateDtype;
      readonly shape: readonly number[];
      readonly size: number;
      /** A typed array (stacked to [n, length]) or a `{ values, shape }` sample (to [n, ...shape]). */
      readonly sample: boolean;
    };

type Plan =
  | Leaf
  | { readonly kind: 'tuple'; readonly path: string; readonly items: readonly Plan[] }
  | {
      readonly kind: 'record';
      readonly path: string;
      readonly keys: readonly string[];
      readonly items: readonly Plan[];
    };

function where(path: string): string {
  return path === '' ? 'the element' : `field '${path}'`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}/${key}`;
}

function isTypedArray(v: unknown): v is TypedArray {
  return (
    ArrayBuffer.isView(v) &&
    !(v instanceof DataView) &&
    !(v instanceof BigInt64Array) &&
    !(v instanceof BigUint64Array)
  );
}

function defaultDtype(values: TypedArray, path: string, label: string): CollateDtype {
  if (values instanceof Float32Array || values instanceof Float64Array) return 'float32';
  if (values instanceof Uint32Array) {
    throw new DataError(
      label,
      `${where(path)} is a Uint32Array, which tensors cannot hold exactly; use Int32Array or Float32Array`,
    );
  }
  return 'int32';
}

function isSample(v: object): v is { values: TypedArray; shape: readonly number[] } {
  return 'values' in v && 'shape' in v && isTypedArray(v.values) && Array.isArray(v.shape);
}

/** Reads the structure of the first element; `hints` are the declared dtypes by flat path. */
function planOf(
  x: unknown,
  path: string,
  hints: Readonly<Record<string, CollateDtype>>,
  label: string,
): Plan {
  if (typeof x === 'number') return { kind: 'number', path, dtype: hints[path] ?? 'float32' };
  if (isTypedArray(x)) {
    return {
      kind: 'array',
      path,
      dtype: hints[path] ?? defaultDtype(x, path, label),
      shape: [x.length],
      size: x.length,
      sample: false,
    };
  }
  if (Array.isArray(x)) {
    return { kind: 'tuple', path, items: x.map((v, i) => planOf(v, join(path, String(i)), hints, label)) };
  }
  if (typeof x === 'object' && x !== null) {
    if ('dataId' in x && 'dtype' in x) {
      throw new DataError(
        label,
        `${where(path)} is a tensor; records should hold numbers or typed arrays so that a batch is one tensor per field (per-example tensors are slow and leak)`,
      );
    }
    if (isSample(x)) {
      const size = x.shape.reduce((a, b) => a * b, 1);
      if (!x.shape.every((d) => Number.isInteger(d) && d >= 0) || size !== x.values.length) {
        throw new ShapeError(
          label,
          `${where(path)} has shape ${formatShape(x.shape)} but ${x.values.length} values; the shape's product must equal values.length`,
        );
      }
      return {
        kind: 'array',
        path,
        dtype: hints[path] ?? defaultDtype(x.values, path, label),
        shape: [...x.shape],
        size,
        sample: true,
      };
    }
    const keys = Object.keys(x);
    return {
      kind: 'record',
      path,
      keys,
      items: keys.map((k) => planOf((x as Record<string, unknown>)[k], join(path, k), hints, label)),
    };
  }
  const what = x === null ? 'null' : typeof x === 'string' ? `the string ${JSON.stringify(x)}` : typeof x;
  throw new DataError(
    label,
    `${where(path)} is ${what}; batch() stacks numbers, typed arrays and { values, shape } samples, so map records to those first`,
  );
}

function leafPaths(plan: Plan): string[] {
  if (plan.kind === 'tuple' || plan.kind === 'record') return plan.items.flatMap(leafPaths);
  return [plan.path];
}

function mismatch(label: string, path: string, i: number, got: string, want: string): ShapeError {
  return new ShapeError(
    label,
    `${where(path)} of element ${i} ${got}, but element 0 ${want}; every element of a batch must have the same structure`,
  );
}

function stackNumbers(
  plan: Leaf & { kind: 'number' },
  column: readonly unknown[],
  label: string,
): ReturnType<typeof tensor> {
  const n = column.length;
  const out = plan.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (typeof v !== 'number') throw mismatch(label, plan.path, i, `is ${typeof v}`, 'is a number');
    if (plan.dtype === 'int32' && !Number.isInteger(v)) {
      throw new DataError(label, `${where(plan.path)} is declared int32 but element ${i} is ${v}`);
    }
    out[i] = v;
  }
  return tensor(out, [n], plan.dtype);
}

function stackArrays(
  plan: Leaf & { kind: 'array' },
  column: readonly unknown[],
  label: string,
): ReturnType<typeof tensor> {
  const n = column.length;
  const { size } = plan;
  // One buffer per field per batch and one tensor() call: no per-example tensors.
  const out = plan.dtype === 'int32' ? new Int32Array(n * size) : new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    let values: unknown = v;
    if (plan.sample) {
      if (typeof v !== 'object' || v === null || !isSample(v)) {
        throw mismatch(label, plan.path, i, 'is not a { values, shape } sample', 'is');
      }
      const s = v.shape;
      if (!sameShape(s, plan.shape)) {
        throw mismatch(label, plan.path, i, `has shape ${formatShape(s)}`, `has ${formatShape(plan.shape)}`);
      }
      values = v.values;
    }
    if (!isTypedArray(values)) throw mismatch(label, plan.path, i, 'is not a typed array', 'is');
    if (values.length !== size) {
      throw mismatch(label, plan.path, i, `has ${values.length} values`, `has ${size}`);
    }
    out.set(values, i * size);
  }
  return tensor(out, [n, ...plan.shape], plan.dtype);
}

function run(plan: Plan, column: readonly unknown[], label: string): unknown {
  switch (plan.kind) {
    case 'number':
      return stackNumbers(plan, column, label);
    case 'array':
      return stackArrays(plan, column, label);
    case 'tuple':
      return plan.items.map((item, k) =>
        run(
          item,
          column.map((v, i) => {
            if (!Array.isArray(v) || v.length !== plan.items.length) {
              throw mismatch(label, plan.path, i, 'is not an array of the same length', 'is');
            }
            return v[k];
          }),
          label,
        ),
      );
    case 'record': {
      const out: Record<string, unknown> = {};
      plan.keys.forEach((key, k) => {
        const sub = column.map((v, i) => {
          if (typeof v !== 'object' || v === null || !(key in v)) {
            throw mismatch(label, plan.path, i, `has no field '${key}'`, 'has');
          }
          return (v as Record<string, unknown>)[key];
        });
        out[key] = run(plan.items[k]!, sub, label);
      });
      return out;
    }
  }
}

/** Normalises a `DtypeSpec` to flat paths (`''` for a leaf element). */
export function dtypeHints(
  spec: DtypeSpec | undefined,
  label: string,
): Readonly<Record<string, CollateDtype>> {
  if (spec === undefined) return {};
  const entries: [string, unknown][] = typeof spec === 'string' ? [['', spec]] : Object.entries(spec);
  for (const [path, dtype] of entries) {
    if (dtype !== 'float32' && dtype !== 'int32') {
      throw new ConfigError(
        label,
        `dtype of ${where(path)} must be 'float32' or 'int32', got ${JSON.stringify(dtype)}`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, CollateDtype>;
}

/**
 * A reusable collator: reads the element structure once (from the first batch) and stacks every later
 * batch with the same plan.
 */
export function collator(
  hints: Readonly<Record<string, CollateDtype>>,
  label: string,
): (elements: readonly unknown[]) => unknown {
  let plan: Plan | undefined;
  return (elements) => {
    if (elements.length === 0) throw new DataError(label, 'needs at least one element');
    if (plan === undefined) {
      const first = planOf(elements[0], '', hints, label);
      const leaves = leafPaths(first);
      const unknown = Object.keys(hints).filter((p) => !leaves.includes(p));
      if (unknown.length > 0) {
        throw new ConfigError(
          label,
          `no field ${unknown.map((p) => `'${p}'`).join(', ')} in the elements; their fields are ${leaves.map((p) => `'${p}'`).join(', ')}`,
        );
      }
      plan = first;
    }
    const stack = plan;
    // tidy: if a later field fails, the tensors already made for earlier fields are disposed.
    return tidy(() => run(stack, elements, label) as TensorContainer);
  };
}

/**
 * Stacks elements into tensors, one tensor per field: a `number` field becomes shape [n] (float32 unless
 * declared int32), a typed array of length L becomes [n, L], a `{ values, shape }` sample becomes
 * [n, ...shape]. Float typed arrays give float32, integer typed arrays int32, unless `dtypes` says
 * otherwise. Records and arrays (tuples) keep their structure.
 *
 * The caller owns the returned tensors and disposes them (`tf.dispose(batch)`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { collate } from '@strata/data';
 *
 * const batch = collate([{ x: new Float32Array([1, 2]), y: 0 }, { x: new Float32Array([3, 4]), y: 1 }], { y: 'int32' });
 * batch.x; // => [[1, 2], [3, 4]]
 * batch.x.dtype; // => 'float32'
 * batch.y; // => [0, 1]
 * batch.y.dtype; // => 'int32'
 * tf.dispose(batch);
 * ```
 */
export function collate<T>(elements: readonly T[], dtypes?: DtypeSpec): Batched<T> {
  return collator(dtypeHints(dtypes, 'collate(dtypes)'), 'collate')(elements) as Batched<T>;
}
