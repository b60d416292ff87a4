import { disposeTree } from '@strata/core';
import type { DatasetSource } from './types.js';

/** All but the first `n` elements; skipped elements' tensors are disposed. */
export function skipSource<T>(up: DatasetSource<T>, n: number): DatasetSource<T> {
  const get = up.get;
  return {
    size: up.size === undefined ? undefined : Math.max(up.size - n, 0),
    dtypes: up.dtypes,
    get: get && ((index: number) => get(index + n)),
    async *open(key) {
      let skipped = 0;
      for await (const x of up.open(key)) {
        if (skipped < n) {
          skipped++;
          disposeTree(x);
        } else yield x;
      }
    },
  };
}
