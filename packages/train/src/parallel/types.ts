import type { Logs, TensorTree, TrainingStep } from '@strata/core';
import type { BatchSource } from '../batch-source.js';
import type { TrainCallback } from '../context.js';
import type { Metrics } from '../epoch-sums.js';
import type { SupervisedStepOptions } from '../supervised-step.js';

/** What a worker's setup function is told. */
export interface WorkerSetupContext {
  /** This worker's index, 0 … workers − 1. */
  readonly rank: number;
  /** How many workers train together. */
  readonly workers: number;
  /** `workers.args` from `fit`, structured-cloned into the worker (a config object, not closures). */
  readonly args: unknown;
  /** `fit`'s seed, for shuffles and the like that must agree across workers. */
  readonly seed: number;
}

/** What every worker setup returns besides its step: the data and what to measure. */
export interface WorkerSetupData {
  /** Global batches, iterated once per epoch (`Dataset.iterate({ epoch })` replays an epoch's order). */
  readonly data: BatchSource;
  /** Validation batches; each worker evaluates its rows of each one and the results are merged. */
  readonly validationData?: BatchSource;
  readonly metrics?: Metrics;
  /** Start from these params instead of the step's init (rank 0's are broadcast to the others). */
  readonly initialParams?: { readonly params: TensorTree; readonly state?: TensorTree };
}

/**
 * What a worker trains: the fields a single-process `fit` takes, built inside the worker: a training
 * `step`, or the supervised step's `model`, `inputShape`, `loss` (a mean over the batch), `optimizer`
 * and `keys`. Every worker must build the same step and data that yields the same sequence of global
 * batches (seed every shuffle): each worker takes its own rows of every global batch.
 */
export type WorkerSetup<OS = unknown> = WorkerSetupData &
  ({ readonly step: TrainingStep<OS> } | SupervisedStepOptions<OS>);

/** A worker module's setup function (its export named by `workers.export`, default `setup`). */
export type WorkerSetupFunction<OS = unknown> = (
  context: WorkerSetupContext,
) => WorkerSetup<OS> | Promise<WorkerSetup<OS>>;

/** How `fit` trains over worker threads. */
export interface WorkersOptions {
  /** Worker threads, or 'auto': one per core (`os.availableParallelism()`). */
  readonly count: number | 'auto';
  /**
   * The module each worker imports to build its model, loss, optimizer and data: a file URL
   * (`new URL('./train-setup.js', import.meta.url)`) or a path. Closures cannot cross threads; a
   * module can, and every worker runs it for itself.
   */
  readonly module: string | URL;
  /** The module's export to call. Default 'setup'. */
  readonly export?: string;
  /** Data for the setup function (a config); must survive structured cloning. */
  readonly args?: unknown;
  /** The backend every worker sets with `useBackend`. Default: the main thread's (`tf.getBackend()`). */
  readonly backend?: string;
  /**
   * Seconds a training worker may go without a heartbeat before the run is stopped with a WorkerError
   * naming it (a step or data function stuck in an endless loop). Workers beat every 0.5 s while idle
   * and at every barrier of a step, so this bounds one step's compute between exchanges. Watched from
   * the worker's first step (start-up has no deadline). Default 60.
   */
  readonly stallTimeout?: number;
}

/** `fit` over worker threads: the training fields come from `workers.module`, the loop's from here. */
export interface ParallelFitOptions {
  readonly workers: WorkersOptions;
  readonly epochs: number;
  readonly callbacks?: readonly TrainCallback[];
  /** Seeds initialisation, shuffles (through the setup's context) and dropout. Default 0. */
  readonly seed?: number;
  /** Writes a checkpoint after every epoch; the format is the single-process one, so either resumes it. */
  readonly checkpointDir?: string;
  readonly resume?: boolean;
  /** Calls `onBatchEnd` every this many steps (the workers pause for it). Default 20. */
  readonly logEvery?: number;
  /** What a non-finite loss does: 'stop' the run (default) or 'skip' the step and count it (see `fit`). */
  readonly nonFinite?: 'stop' | 'skip';
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** One worker's account of one epoch. */
export interface WorkerEpochReport {
  /** `tf.memory().numTensors` at the end of the epoch (params, state and optimizer state). */
  readonly numTensors: number;
  /** Seconds in the training loop (validation excluded), of which … */
  readonly seconds: number;
  /** … blocked at barriers, waiting for slower workers, and … */
  readonly waitSeconds: number;
  /** … copying gradients to and from shared memory and reducing its share of them. */
  readonly exchangeSeconds: number;
}

/** What one worker reported, for checking and tuning. */
export interface WorkerReport {
  readonly rank: number;
  /** The backend the worker ran on. */
  readonly backend: string;
  /** `tf.memory().numTensors` after setup and after it disposed everything at the end. */
  readonly numTensors: { readonly start: number; readonly end: number };
  readonly epochs: readonly WorkerEpochReport[];
}

export interface ParallelFitResult {
  /** The trained params, state and optimizer state, on the main thread's backend; the caller owns them. */
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: unknown;
  readonly history: Logs[];
  readonly workers: readonly WorkerReport[];
}
