/**
 * Worker `rank`'s rows of a global batch of `batchSize` rows split over `workers`: `[offset, size]`.
 * The first `batchSize % workers` workers take one row more, so sizes differ by at most one and the
 * shares tile the batch in rank order (internal).
 */
export function shareOf(batchSize: number, workers: number, rank: number): [offset: number, size: number] {
  const base = Math.floor(batchSize / workers);
  const extra = batchSize % workers;
  const size = base + (rank < extra ? 1 : 0);
  const offset = rank * base + Math.min(rank, extra);
  return [offset, size];
}
