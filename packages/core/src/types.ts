import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/** A tensor shape; `null` stands for the batch or another unknown dimension. */
export type Shape = readonly (number | null)[];

/** Named, nested tensors. Flat keys join the path with '/': 'block1/conv/kernel'. */
export interface TensorTree {
  readonly [name: string]: Tensor | TensorTree;
}

/** An explicit, splittable, reproducible random number generator. */
export interface Rng {
  /** A uniform float in [0, 1) with 53 random bits. Advances this generator. */
  next(): number;
  /** A uniform unsigned 32-bit integer. Advances this generator. */
  nextUint32(): number;
  /** `n` independent child generators (default 2), derived deterministically; advances this generator. */
  split(n?: number): Rng[];
  /** The seed this generator was created from. */
  seed(): number;
}

/** What a layer sees when it runs. */
export interface ApplyContext {
  readonly training: boolean;
  /** Randomness for dropout and the like; required when `training` and the layer is stochastic. */
  readonly rng?: Rng;
  /** Non-trainable state, e.g. batch-norm moving statistics. */
  readonly state: TensorTree;
  /** Optimizer steps taken so far, for layers with scheduled options (a dropout rate schedule). */
  readonly step?: number;
}

/** A layer is a pair of functions over plain data: params are data, randomness is explicit. */
export interface Layer {
  readonly name: string;
  init(rng: Rng, inputShape: Shape): { params: TensorTree; state: TensorTree; outputShape: Shape };
  apply(params: TensorTree, x: Tensor, ctx: ApplyContext): { y: Tensor; state: TensorTree };
}

/** A stateful gradient transformation written as two pure functions (init + update). */
export interface GradientTransformation<S = unknown> {
  init(params: TensorTree): S;
  update(grads: TensorTree, state: S, params?: TensorTree): { updates: TensorTree; state: S };
}

/** A rate as a function of the step (0-based). Every rate-like option takes `number | Schedule`. */
export type Schedule = (step: number) => number;
export type ScalarOrSchedule = number | Schedule;

/**
 * A streaming metric: sufficient statistics live in `S` (on the device), `merge` combines two states
 * from different batches or workers, `compute` reduces a state to the result.
 */
export interface Metric<S = unknown, R = number> {
  readonly name: string;
  readonly higherIsBetter: boolean;
  init(): S;
  update(state: S, yTrue: Tensor, yPred: Tensor): S;
  merge(a: S, b: S): S;
  compute(state: S): R;
  /** Frees the tensors a state holds. */
  dispose?(state: S): void;
}

/** A loss maps targets and predictions to a scalar (mean over the batch unless documented). */
export type Loss = (yTrue: Tensor, yPred: Tensor) => Scalar;

/** Numbers logged for a batch or an epoch, e.g. `{ loss: 0.31, accuracy: 0.9 }`. */
export type Logs = Readonly<Record<string, number>>;

/** What the training loop shows callbacks. Train's context extends this. */
export interface CallbackContext {
  readonly epochs: number;
  /** The current parameters, owned by the loop: clone what you keep. */
  readonly params: TensorTree;
  /** Replaces the parameters; the loop takes ownership of `params` and disposes the old ones. */
  setParams(params: TensorTree): void;
}

/** Training hooks; all optional, any may be async. Returning `{ stop: true }` ends training. */
export interface Callback<C extends CallbackContext = CallbackContext> {
  onTrainBegin?(ctx: C): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: C): void | Promise<void>;
  onBatchEnd?(step: number, logs: Logs, ctx: C): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: C): void | { stop: true } | Promise<void | { stop: true }>;
  onTrainEnd?(ctx: C): void | Promise<void>;
  /**
   * What the callback must carry over a resume (early stopping's best value and wait count, say):
   * plain data and tensors, saved in each checkpoint. The loop owns what it returns.
   */
  getState?(): unknown;
  /** Restores `getState`'s value from a checkpoint, before `onTrainBegin` of the resumed run. */
  setState?(state: unknown): void;
}
