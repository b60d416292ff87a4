import { disposeTree } from '@strata/core';
import type { DatasetSource } from './types.js';

function ignore(): void {}

/**
 * Keeps `n` upstream requests in flight ahead of the consumer. Async generators queue `next()` calls, so
 * results arrive in order; upstream work (reading, decoding, collating) then overlaps whatever the consumer
 * awaits, e.g. a device sync.
 */
export function prefetchSource<T>(up: DatasetSource<T>, n: number): DatasetSource<T> {
  return {
    size: up.size,
    dtypes: up.dtypes,
    async *open(key) {
      const it = up.open(key);
      const ahead: Promise<IteratorResult<T>>[] = [];
      let ended = false;
      try {
        for (;;) {
          while (!ended && ahead.length <= n) {
            const next = it.next();
            // Rejections are awaited below in order; this only keeps unconsumed ones from being reported
            // as unhandled when the pass stops early.
            next.catch(ignore);
            ahead.push(next);
          }
          const result = await ahead.shift()!;
          if (result.done) {
            ended = true;
            return;
          }
          yield result.value;
        }
      } finally {
        // Elements fetched ahead but never handed over still belong to the pipeline.
        for (const next of ahead) {
          try {
            const r = await next;
            if (!r.done) disposeTree(r.value);
          } catch {
            // The pass is already ending; the consumer has seen the error that matters (or none).
          }
        }
        await it.return?.();
      }
    },
  };
}
