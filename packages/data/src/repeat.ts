import type { DatasetSource } from './types.js';

/**
 * Upstream `count` times (forever when undefined). Repetition r of pass `key` opens upstream with
 * `[...key, r]`, so a `shuffle` before `repeat` gives each repetition its own order.
 */
export function repeatSource<T>(up: DatasetSource<T>, count: number | undefined): DatasetSource<T> {
  const times = count ?? Infinity;
  let size: number | undefined;
  if (up.size === 0 || times === 0) size = 0;
  else if (up.size !== undefined) size = up.size * times;
  else size = undefined;
  return {
    size,
    dtypes: up.dtypes,
    async *open(key) {
      for (let r = 0; r < times; r++) {
        let any = false;
        for await (const x of up.open([...key, r])) {
          any = true;
          yield x;
        }
        // An empty upstream repeated forever would spin without yielding.
        if (!any) return;
      }
    },
  };
}
