import { disposeTree } from '@strata/core';
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

/**
 * `fn` on up to `concurrency` elements at once, results in input order. Inputs are pulled one at a
 * time (sources need not allow overlapping reads); a pass that stops early waits for the calls in
 * flight and disposes their results.
 */
export function mapConcurrentSource<T, U>(
  up: DatasetSource<T>,
  fn: (x: T) => U | Promise<U>,
  concurrency: number,
): DatasetSource<Awaited<U>> {
  const base = mapSource(up, fn);
  const DONE = Symbol('done');
  return {
    ...base,
    async *open(key) {
      const it = up.open(key);
      let reading: Promise<unknown> = Promise.resolve();
      let exhausted = false;
      const queue: Promise<Awaited<U> | typeof DONE>[] = [];
      const start = () => {
        const input = reading.then(() => it.next());
        reading = input.catch(() => undefined);
        const result = input.then(
          async (r): Promise<Awaited<U> | typeof DONE> =>
            r.done ? DONE : ((await fn(r.value)) as Awaited<U>),
        );
        // Marked handled here; the rejection still reaches the consumer when its turn comes.
        result.catch(() => undefined);
        queue.push(result);
      };
      try {
        for (let i = 0; i < concurrency; i++) start();
        while (queue.length > 0) {
          const value = await queue.shift()!;
          if (value === DONE) {
            exhausted = true;
            continue;
          }
          if (!exhausted) start();
          yield value;
        }
      } finally {
        for (const pending of queue.splice(0)) {
          const value = await pending.catch(() => DONE);
          if (value !== DONE) disposeTree(value);
        }
        await it.return?.();
      }
    },
  };
}
