import type { DatasetSource } from './types.js';

/** The first `n` elements. Stops pulling from upstream once it has them. */
export function takeSource<T>(up: DatasetSource<T>, n: number): DatasetSource<T> {
  const get = up.get;
  return {
    size: up.size === undefined ? undefined : Math.min(up.size, n),
    dtypes: up.dtypes,
    get: get && ((index: number) => get(index)),
    async *open(key) {
      if (n === 0) return;
      let count = 0;
      for await (const x of up.open(key)) {
        yield x;
        if (++count >= n) return;
      }
    },
  };
}
