import { disposeTree } from '@strata/core';
import type { DatasetSource } from './types.js';

/** The elements for which `keep` is true; dropped elements' tensors are disposed (nobody else owns them). */
export function filterSource<T>(
  up: DatasetSource<T>,
  keep: (x: T) => boolean | Promise<boolean>,
): DatasetSource<T> {
  return {
    size: undefined,
    dtypes: up.dtypes,
    async *open(key) {
      for await (const x of up.open(key)) {
        if (await keep(x)) yield x;
        else disposeTree(x);
      }
    },
  };
}
