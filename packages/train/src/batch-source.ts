import type { Batch } from '@strata/core';

export type { Batch };

/**
 * What `fit`, `evaluate` and `predict` read: anything re-iterable that yields batches, sync or async
 * (a `Dataset` from @strata/data, an array of batches, a generator function's result wrapped in an
 * object). Each epoch iterates it again from the start.
 */
export type BatchSource = AsyncIterable<Batch> | Iterable<Batch>;

/** The number of batches per iteration when the source knows it (Dataset.cardinality(), arrays). */
export function knownLength(source: BatchSource): number | undefined {
  if (Array.isArray(source)) return source.length;
  const s = source as { cardinality?: () => number; size?: number };
  const n = typeof s.cardinality === 'function' ? s.cardinality() : s.size;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Iterates one pass. Sources that can replay a given pass (`Dataset.iterate({ epoch })`) are asked for
 * `epoch`, so a resumed run sees the same shuffled order as an uninterrupted one.
 */
export async function* iterate(source: BatchSource, epoch?: number): AsyncGenerator<Batch> {
  const replayable = source as { iterate?: (o: { epoch: number }) => AsyncIterable<Batch> };
  if (epoch !== undefined && typeof replayable.iterate === 'function') yield* replayable.iterate({ epoch });
  else if (Symbol.asyncIterator in source) yield* source as AsyncIterable<Batch>;
  else yield* source as Iterable<Batch>;
}
