import type { Batch, Rng, StepContext, StepOutput, TensorTree, TrainingStep, TrainState } from '@strata/core';
import { DataError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, iterate } from './batch-source.js';
import { tensorsIn } from './dispose.js';
import { EpochSums, type Metrics } from './epoch-sums.js';

/**
 * How one process takes part in a step: which rows of the global batch are its own and how trees
 * are averaged over the global batch. In one process that is the whole batch and the identity; a
 * worker of `fit({ workers })` takes its share and averages through shared memory.
 */
export interface Exchange {
  /** This process's part of the global batch (tensors it makes are disposed by the caller). */
  share(batch: Batch, step: number): { readonly batch: Batch; readonly rows: number };
  allMean(tree: TensorTree): TensorTree;
  /** Called after every step (a worker whose step averaged nothing still meets the others). */
  stepDone(): void;
  /** Called once the data has ended (a worker tells the others it has no more batches). */
  dataEnded(step: number): void;
}

/** The whole batch, averaged over itself: what one process does. */
export const localExchange: Exchange = {
  share: (batch) => ({ batch, rows: rowsOf(batch) }),
  allMean: (tree) => tree,
  stepDone: () => {},
  dataEnded: () => {},
};

/** The rows of a batch: the leading dimension its tensors share. */
export function rowsOf(batch: Batch, label = 'fit'): number {
  const tensors = Object.entries(batch);
  if (tensors.length === 0) throw new DataError(label, 'a batch holds no tensors');
  const rows = tensors[0]![1].shape[0] ?? 0;
  const odd = tensors.find(([, t]) => t.shape[0] !== rows);
  if (odd) {
    throw new DataError(
      label,
      `batch tensors disagree on rows: '${tensors[0]![0]}' has ${rows}, '${odd[0]}' has ${odd[1].shape[0]}`,
    );
  }
  if (rows === 0) throw new DataError(label, 'the data yielded an empty batch');
  return rows;
}

/** Disposes the tensors of `old` that `next` does not hold. */
export function replaceState(old: unknown, next: unknown): void {
  const keep = tensorsIn(next);
  for (const t of tensorsIn(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/** The training state that the loop owns, swapped after every step. */
export interface Holder<OS = unknown> {
  train: TrainState<OS>;
}

export interface EpochOptions<OS> {
  readonly step: TrainingStep<OS>;
  readonly holder: Holder<OS>;
  readonly data: BatchSource;
  readonly epoch: number;
  readonly rng: Rng;
  readonly metrics: Metrics;
  /** Optimizer steps taken before this epoch. */
  readonly firstStep: number;
  readonly exchange: Exchange;
  /** Called every `logEvery` steps with the running sums (omit it when nothing listens). */
  readonly onLog?: (step: number, sums: EpochSums) => Promise<void>;
  readonly logEvery: number;
  /** What a non-finite log does (see `FiniteGuard`). Default 'stop'. */
  readonly nonFinite?: 'stop' | 'skip';
}

/**
 * One epoch of training: every batch through `step.step` (inside `tidy`), the state swapped and the
 * old one disposed, the logs and metrics accumulated on the device. Returns the sums (the caller reads
 * and disposes them) and the step count. The same code runs in `fit` and in each worker.
 */
export async function runEpoch<OS>(options: EpochOptions<OS>): Promise<{ sums: EpochSums; step: number }> {
  const { step, holder, exchange, metrics, rng, logEvery, onLog } = options;
  const sums = new EpochSums(metrics, {
    firstStep: options.firstStep,
    params: () => holder.train.params,
    nonFinite: options.nonFinite ?? 'stop',
  });
  let index = options.firstStep;
  try {
    for await (const batch of iterate(options.data, options.epoch)) {
      let share: { batch: Batch; rows: number } | undefined;
      try {
        share = exchange.share(batch, index);
        const ctx: StepContext = { rng, step: index, allMean: (tree) => exchange.allMean(tree) };
        const local = share.batch;
        const out = tf.tidy(
          () => step.step(holder.train, local, ctx) as unknown as tf.TensorContainer,
        ) as unknown as StepOutput<OS>;
        exchange.stepDone();
        const { logs, outputs, ...next } = out;
        replaceState(holder.train, next);
        holder.train = next;
        if (share.rows > 0) sums.add(logs, share.rows, outputs, index);
        // Logs and predictions are the step's to hand over; the batch's tensors are disposed below.
        replaceState([logs, outputs], [next, batch, share.batch]);
      } finally {
        const whole = new Set(Object.values(batch));
        for (const t of Object.values(share?.batch ?? {})) if (!whole.has(t)) t.dispose();
        for (const t of whole) t.dispose();
      }
      index++;
      if (onLog && index % logEvery === 0) await onLog(index, sums);
    }
    exchange.dataEnded(index);
  } catch (error) {
    sums.dispose();
    throw error;
  }
  return { sums, step: index };
}
