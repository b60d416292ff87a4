import { DataError, disposeTree } from '@strata/core';
import { holdsTensor } from './holds-tensor.js';
import type { DatasetSource } from './types.js';

/**
 * Keeps the elements of the first complete pass in memory and replays them afterwards. A pass that stops
 * early caches nothing (the next pass reads upstream again).
 */
export function cacheSource<T>(up: DatasetSource<T>): DatasetSource<T> {
  let stored: T[] | undefined;
  return {
    size: up.size,
    dtypes: up.dtypes,
    async *open(key) {
      const replay = stored;
      if (replay !== undefined) {
        for (const x of replay) yield x;
        return;
      }
      const filling: T[] = [];
      for await (const x of up.open(key)) {
        if (holdsTensor(x)) {
          disposeTree(x);
          throw new DataError(
            'dataset.cache()',
            'elements hold tensors, which each consumer disposes, so they cannot be replayed; put cache() before batch()',
          );
        }
        filling.push(x);
        yield x;
      }
      stored ??= filling;
    },
  };
}
