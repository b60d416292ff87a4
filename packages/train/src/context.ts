import type { Callback, CallbackContext, Logs, TensorTree } from '@strata/core';

/** What callbacks see during `fit`. */
export interface TrainContext extends CallbackContext {
  /** 0-based epoch in progress. */
  readonly epoch: number;
  /** Optimizer steps taken so far (across epochs). */
  readonly step: number;
  /** Batches per epoch when known. */
  readonly stepsPerEpoch: number | undefined;
  /** Non-trainable model state (e.g. batch-norm statistics), owned by the loop. */
  readonly state: TensorTree;
  /** Per-epoch logs so far. */
  readonly history: readonly Logs[];
}

export type TrainCallback = Callback<TrainContext>;
