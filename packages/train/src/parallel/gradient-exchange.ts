/*
 * How a worker of `fit({ workers })` takes part in each step (internal): its rows of the global batch,
 * and `allMean`, the all-reduce behind a step's `ctx.allMean`. Each worker writes its float32 leaves
 * to its slot of a SharedArrayBuffer; after a barrier it reduces its 1/n slice of every slot into the
 * shared average (a reduce-scatter, in float64 and fixed rank order, see reduce-slice.ts), and after a
 * second barrier reads the whole average (the all-gather half). The first barrier of a step also
 * checks that every worker saw the same global batch.
 */
import { type Batch, DataError, mapTree, ShapeError, type TensorTree, treeLeaves } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Exchange } from '../run-epoch.js';
import { rowsOf } from '../run-epoch.js';
import { reduceSlice } from './reduce-slice.js';
import { barrier, type Group, publishBatch, readBatches } from './shared-group.js';
import { shareOf } from './split-batch.js';

const LABEL = 'fit({workers})';

/** 32-bit FNV-1a over the tensors' bytes: equal on two workers unless their values differ. */
export function hashTensors(tensors: readonly tf.Tensor[]): number {
  let h = 0x811c9dc5;
  for (const t of tensors) {
    const values = t.dataSync() as Float32Array | Int32Array | Uint8Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return h | 0;
}

/** This worker's rows of each tensor of `batch` (a copy unless it is the whole batch). */
export function sliceRows(batch: Batch, offset: number, size: number): Batch {
  return Object.fromEntries(
    Object.entries(batch).map(([k, t]) => [k, size === t.shape[0] ? t : tf.slice(t, [offset], [size])]),
  );
}

/** This worker's share of a validation batch: rows 0 when the batch has fewer rows than workers. */
export function validationShare(group: Group, batch: Batch): { batch: Batch; rows: number } {
  const [offset, size] = shareOf(rowsOf(batch, 'evaluate'), group.size, group.rank);
  return { batch: size > 0 ? sliceRows(batch, offset, size) : {}, rows: size };
}

export interface SharedExchange extends Exchange {
  /** Rank 0's float32 leaves of `tree` in every worker (a new tree; the caller owns it). */
  broadcast(tree: TensorTree): TensorTree;
  /** Milliseconds blocked at barriers and copying or reducing, since the last `resetTiming`. */
  readonly timing: { wait: number; exchange: number };
  resetTiming(): void;
}

/**
 * The exchange over `buffer`: `group.size` slots of `capacity` floats, then the average. `capacity`
 * (the params plus the float model state) bounds what one `allMean` may average.
 */
export function sharedExchange(group: Group, buffer: SharedArrayBuffer, capacity: number): SharedExchange {
  const { rank, size: count } = group;
  const slots = new Float32Array(buffer, 0, count * capacity);
  const average = new Float32Array(buffer, count * capacity * Float32Array.BYTES_PER_ELEMENT, capacity);
  const mySlot = slots.subarray(rank * capacity, (rank + 1) * capacity);
  const timing = { wait: 0, exchange: 0 };
  const timed = <T>(key: 'wait' | 'exchange', fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timing[key] += performance.now() - t0;
    }
  };
  let weights: number[] = [];
  let step = 0;
  let agreed = true;

  /** After a barrier: every worker saw the same global batch (or every one's data ended). */
  const checkAgreement = (): void => {
    agreed = true;
    const seen = readBatches(group);
    if (seen.some((b) => b.size !== seen[0]!.size || b.fingerprint !== seen[0]!.fingerprint)) {
      throw new DataError(
        LABEL,
        `at step ${step} the workers' data gave different global batches (by rank: ${seen.map((b) => (b.size < 0 ? 'none (ended)' : `${b.size} rows, #${(b.fingerprint >>> 0).toString(16)}`)).join('; ')}); every worker's setup must build data that yields the same global batches: seed every shuffle with the context's seed and leave the splitting to fit`,
      );
    }
  };
  const floatLeaves = (tree: TensorTree): tf.Tensor[] =>
    treeLeaves(tree).filter((t) => t.dtype === 'float32');
  const write = (leaves: readonly tf.Tensor[], into: Float32Array): number => {
    let at = 0;
    for (const t of leaves) {
      if (at + t.size > capacity) {
        throw new ShapeError(
          'ctx.allMean',
          `the tree holds more than ${capacity} floats (the params plus the model state), which is all the workers' exchange can average; average gradients and model state only`,
        );
      }
      into.set(t.dataSync() as Float32Array, at);
      at += t.size;
    }
    return at;
  };
  /** `tree` with its float32 leaves read from the average, in `floatLeaves` order. */
  const readBack = (tree: TensorTree): TensorTree => {
    let at = 0;
    return mapTree(tree, (t) => {
      if (t.dtype !== 'float32') return t;
      // slice copies: a tensor must never alias shared memory that the next step overwrites.
      const out = tf.tensor(average.slice(at, at + t.size), t.shape, 'float32');
      at += t.size;
      return out;
    });
  };

  return {
    timing,
    resetTiming() {
      timing.wait = 0;
      timing.exchange = 0;
    },
    share(batch, index) {
      step = index;
      const total = rowsOf(batch, LABEL);
      // The smallest tensor's fingerprint (the targets, usually) catches workers that see different batches.
      const smallest = Object.values(batch).reduce((a, b) => (b.size < a.size ? b : a));
      publishBatch(group, { size: total, fingerprint: hashTensors([smallest]) });
      agreed = false;
      weights = Array.from({ length: count }, (_, k) => shareOf(total, count, k)[1] / total);
      const [offset, rows] = shareOf(total, count, rank);
      // A worker with no rows of a small batch still runs the step (every worker must meet at each
      // allMean), on one row that its zero weight keeps out of the average.
      return { batch: sliceRows(batch, rows > 0 ? offset : 0, Math.max(rows, 1)), rows };
    },
    allMean(tree) {
      const leaves = floatLeaves(tree);
      const n = timed('exchange', () => write(leaves, mySlot));
      timed('wait', () => barrier(group));
      if (!agreed) checkAgreement();
      const chunk = Math.ceil(n / count);
      const from = Math.min(n, rank * chunk);
      timed('exchange', () =>
        reduceSlice(slots, capacity, weights, from, Math.min(n, from + chunk), average),
      );
      timed('wait', () => barrier(group));
      return timed('exchange', () => readBack(tree));
    },
    stepDone() {
      if (agreed) return;
      timed('wait', () => barrier(group));
      checkAgreement();
    },
    dataEnded(index) {
      step = index;
      publishBatch(group, { size: -1, fingerprint: 0 });
      timed('wait', () => barrier(group));
      checkAgreement();
    },
    broadcast(tree) {
      if (rank === 0) write(floatLeaves(tree), average);
      barrier(group);
      const out = readBack(tree);
      // Nobody writes the average again before every worker has read it.
      barrier(group);
      return out;
    },
  };
}
