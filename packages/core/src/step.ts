import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Rng, TensorTree } from './types.js';

/*
 * The training-step contract: what `fit` in @strata/train runs once per batch, knowing nothing of what
 * it computes. A step is pure over trees (as a Lightning `training_step`, but params, state and
 * optimizer states come in and go out as data), so one loop serves a classifier, a GAN's alternating
 * updates, a VAE's extra KL term or a transfer head with a frozen backbone, in one process or across
 * workers.
 */

/** A batch: named tensors, e.g. `{ x: [B, 28, 28, 1], y: [B] }`. Whoever iterates owns and disposes them. */
export type Batch = Readonly<Record<string, Tensor>>;

/** What the training loop threads from one step to the next; the loop owns every tensor in it. */
export interface TrainState<OS = unknown> {
  /** Trainable parameters: every group (a GAN's `generator` and `discriminator`) in one tree. */
  readonly params: TensorTree;
  /** Non-trainable model state (batch-norm moving statistics). */
  readonly state: TensorTree;
  /** Optimizer state: one optimizer's, or a record of several (`{ generator, discriminator }`). */
  readonly optState: OS;
}

/** What the loop hands a step besides the data. */
export interface StepContext {
  /** Randomness for this epoch (noise, dropout); advances as it is used. */
  readonly rng: Rng;
  /** Optimizer steps taken before this one, across epochs. */
  readonly step: number;
  /**
   * The mean of a tree of per-row means (gradients, batch statistics) over the whole global batch.
   * In one process this returns `tree` itself; across workers it is the all-reduce that averages every
   * worker's tree weighted by its rows (float32 leaves; others pass through). Every worker must call
   * it equally often with trees of one structure, so call it unconditionally.
   */
  allMean(tree: TensorTree): TensorTree;
}

/** What a step returns. The loop takes ownership of every tensor here and disposes what it replaces. */
export interface StepOutput<OS = unknown> extends TrainState<OS> {
  /** Means over this step's rows (`loss`, `d_loss`, …); the loop sums them by rows on the device. */
  readonly logs: Readonly<Record<string, Scalar>>;
  /** Targets and predictions for the metrics, when the step has them. */
  readonly outputs?: { readonly yTrue: Tensor; readonly yPred: Tensor };
}

/** What a step's inference-mode evaluation of one batch returns (validation). */
export interface EvalOutput {
  readonly logs: Readonly<Record<string, Scalar>>;
  readonly outputs?: { readonly yTrue: Tensor; readonly yPred: Tensor };
}

/**
 * A pluggable training step. `init` and `initOptimizer` build the starting state, `step` takes one
 * optimizer step (it runs inside `tf.tidy`, so intermediates are freed; it must not read values back
 * from the device), `evaluate` scores one validation batch in inference mode.
 */
export interface TrainingStep<OS = unknown> {
  /** A label for errors and reports, e.g. 'supervised' or 'gan/adversarial'. */
  readonly name: string;
  /** Fresh params and model state, drawn from `rng`. */
  init(rng: Rng): { params: TensorTree; state: TensorTree };
  /** Optimizer state(s) for `params` (also after params come from elsewhere: a broadcast, a restore). */
  initOptimizer(params: TensorTree): OS;
  step(train: TrainState<OS>, batch: Batch, ctx: StepContext): StepOutput<OS>;
  evaluate?(train: TrainState<OS>, batch: Batch): EvalOutput;
}

/**
 * Types a training step (returns it unchanged), so a plugin's step is checked where it is written.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { defineStep } from '@strata/core';
 *
 * const step = defineStep({
 *   name: 'demo/constant',
 *   init: () => ({ params: { w: tf.scalar(1) }, state: {} }),
 *   initOptimizer: () => ({}),
 *   step: ({ params, state, optState }) => ({ params, state, optState, logs: { loss: tf.scalar(0) } }),
 * });
 * step.name; // => 'demo/constant'
 * ```
 */
export function defineStep<OS>(step: TrainingStep<OS>): TrainingStep<OS> {
  return step;
}
