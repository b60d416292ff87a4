import type { DatasetSource } from './types.js';

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** `fn` on every element. Keeps random access (so `shuffle` can still permute indices); drops dtypes. */
export function mapSource<T, U>(
  up: DatasetSource<T>,
  fn: (x: T) => U | Promise<U>,
): DatasetSource<Awaited<U>> {
  const get = up.get;
  return {
    size: up.size,
    // The output is a new element, so the declared dtypes of the input no longer describe it.
    dtypes: {},
    get:
      get &&
      ((index: number) => {
        const x = get(index);
        return (isThenable(x) ? x.then(fn) : fn(x)) as Awaited<U> | Promise<Awaited<U>>;
      }),
    async *open(key) {
      for await (const x of up.open(key)) yield await fn(x);
    },
  };
}
