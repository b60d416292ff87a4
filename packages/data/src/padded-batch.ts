import { collator } from './collate.js';
import { padSequences } from './pad-sequences.js';
import type { CollateDtype, DatasetSource } from './types.js';

/** Like `batchSource`, with each group's sequences padded to the group's longest first. */
export function paddedBatchSource<T>(
  up: DatasetSource<T>,
  size: number,
  dropRemainder: boolean,
  hints: Readonly<Record<string, CollateDtype>>,
  paddingValue: number,
): DatasetSource<unknown> {
  let count: number | undefined;
  if (up.size === undefined || up.size === Infinity) count = up.size;
  else count = dropRemainder ? Math.floor(up.size / size) : Math.ceil(up.size / size);
  const label = `dataset.paddedBatch(${size})`;
  return {
    size: count,
    dtypes: {},
    async *open(key) {
      // A collator per batch: the padded length differs from batch to batch.
      const stack = (group: T[]) => collator(hints, label)(padSequences(group, hints, paddingValue, label));
      let pending: T[] = [];
      for await (const x of up.open(key)) {
        pending.push(x);
        if (pending.length === size) {
          const group = pending;
          pending = [];
          yield stack(group);
        }
      }
      if (pending.length > 0 && !dropRemainder) yield stack(pending);
    },
  };
}

/**
 * tf.data's bucket_by_sequence_length: each element goes to the bucket of its length (bucket i holds
 * lengths in [boundaries[i−1], boundaries[i])), a bucket is emitted as a padded batch when it holds
 * its `batchSizes[i]` elements, and the partial buckets are emitted at the end of the pass (in bucket
 * order) unless `dropRemainder`. Batches of similar lengths waste less compute on padding.
 */
export function bucketSource<T>(
  up: DatasetSource<T>,
  lengthOf: (x: T) => number,
  boundaries: readonly number[],
  batchSizes: readonly number[],
  dropRemainder: boolean,
  hints: Readonly<Record<string, CollateDtype>>,
  paddingValue: number,
): DatasetSource<unknown> {
  const label = 'dataset.bucketByLength';
  return {
    size: undefined,
    dtypes: {},
    async *open(key) {
      const stack = (group: T[]) => collator(hints, label)(padSequences(group, hints, paddingValue, label));
      const buckets: T[][] = batchSizes.map(() => []);
      for await (const x of up.open(key)) {
        const length = lengthOf(x);
        let b = 0;
        while (b < boundaries.length && boundaries[b]! <= length) b++;
        const bucket = buckets[b]!;
        bucket.push(x);
        if (bucket.length === batchSizes[b]) {
          buckets[b] = [];
          yield stack(bucket);
        }
      }
      if (!dropRemainder) for (const bucket of buckets) if (bucket.length > 0) yield stack(bucket);
    },
  };
}
