import type { Tensor } from '@tensorflow/tfjs-core';

/** The typed arrays a record may hold. Float arrays batch to float32, integer arrays to int32. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;

/** One example's array with its shape (row-major, `values.length` = product of `shape`). */
export interface Sample<A extends TypedArray = TypedArray> {
  readonly values: A;
  readonly shape: readonly number[];
}

/** The dtypes `batch` can produce. */
export type CollateDtype = 'float32' | 'int32';

/**
 * Declared dtypes for batching: one dtype for a leaf element, or a record from '/'-joined field paths
 * (`'y'`, `'features/age'`, `'0'` for a tuple's first item) to dtypes.
 */
export type DtypeSpec = CollateDtype | Readonly<Record<string, CollateDtype>>;

/** What `batch` turns an element of type `T` into: each number, typed array or sample leaf becomes a tensor. */
export type Batched<T> = T extends number | TypedArray | Sample
  ? Tensor
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: Batched<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: Batched<T[K]> }
      : never;

/** What `paddedBatch` turns an element into: each sequence (number array or typed array), number or sample becomes a tensor. */
export type PaddedBatched<T> = T extends number | TypedArray | Sample | readonly number[]
  ? Tensor
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: PaddedBatched<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: PaddedBatched<T[K]> }
      : never;

/**
 * Where a pass is in the run: `[epoch]` at the top, `[epoch, repetition]` inside `repeat`, and so on.
 * Seeded stages derive their stream from their seed and this key.
 */
export type PassKey = readonly number[];

/**
 * The engine behind a `Dataset`. Write one to add a source (a file format, a database); most code uses
 * `fromArray` / `fromGenerator` instead.
 */
export interface DatasetSource<T> {
  /** Starts a fresh pass. Each call must give an independent iterator. */
  open(key: PassKey): AsyncIterableIterator<T>;
  /** The number of elements: finite, `Infinity`, or `undefined` when unknown. */
  readonly size: number | undefined;
  /** Dtypes declared for `batch`, as flat paths (`''` is the element itself). */
  readonly dtypes: Readonly<Record<string, CollateDtype>>;
  /**
   * Random access to element `index` (0 ≤ index < size), when the source has it. Lets `shuffle` permute
   * indices instead of buffering elements. Must give the same element as the pass order.
   */
  readonly get?: ((index: number) => T | Promise<T>) | undefined;
}
