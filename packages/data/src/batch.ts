import { collator } from './collate.js';
import type { CollateDtype, DatasetSource } from './types.js';

/** Consecutive elements stacked into tensors by `collate`; the consumer owns each batch. */
export function batchSource<T>(
  up: DatasetSource<T>,
  size: number,
  dropRemainder: boolean,
  hints: Readonly<Record<string, CollateDtype>>,
): DatasetSource<unknown> {
  let count: number | undefined;
  if (up.size === undefined || up.size === Infinity) count = up.size;
  else count = dropRemainder ? Math.floor(up.size / size) : Math.ceil(up.size / size);
  return {
    size: count,
    dtypes: {},
    async *open(key) {
      const stack = collator(hints, `dataset.batch(${size})`);
      let pending: T[] = [];
      for await (const x of up.open(key)) {
        pending.push(x);
        if (pending.length === size) {
          const elements = pending;
          pending = [];
          // Tensors are made only here, right before the hand-over, so a pass that stops leaks none.
          yield stack(elements);
        }
      }
      if (pending.length > 0 && !dropRemainder) yield stack(pending);
    },
  };
}
