import {
  assertInteger,
  ConfigError,
  createRng,
  type Logs,
  type Rng,
  type TensorTree,
  type TrainState,
} from '@strata/core';
import { type Checkpoint, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { TrainCallback, TrainContext } from './context.js';
import { disposeDeep } from './dispose.js';

/** What one epoch gave: training logs (means and metrics), validation logs, rows and seconds. */
export interface EpochReport {
  readonly logs: Readonly<Record<string, number>>;
  readonly validation: Readonly<Record<string, number>> | null;
  readonly samples: number;
  /** Seconds of training, validation excluded. */
  readonly seconds: number;
  /** Optimizer steps taken so far. */
  readonly step: number;
}

/**
 * Where the steps run: in this process (`fit`) or in worker threads (`fit({ workers })`). The loop
 * around them, with its callbacks, history and checkpoints, is `runLoop`, written once.
 */
export interface Executor<OS> {
  /** The current params, model state and optimizer state (owned by the executor until it returns). */
  readonly train: TrainState<OS>;
  readonly stepsPerEpoch: number | undefined;
  /** `ctx.setParams`: the executor takes ownership of `params` and disposes the replaced ones. */
  setParams(params: TensorTree): void;
  /** One epoch; `onBatch` (when given) every `logEvery` steps with the running means and rows. */
  epoch(
    epoch: number,
    firstStep: number,
    onBatch?: (step: number, logs: Logs) => Promise<void>,
  ): Promise<EpochReport>;
  /** Ends normally: the train state stays with the caller. */
  finish(): Promise<void>;
  /** Ends on failure: frees everything. */
  abort(): Promise<void>;
}

export interface LoopOptions {
  readonly epochs: number;
  readonly callbacks: readonly TrainCallback[];
  readonly checkpointDir: string | undefined;
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Where a resumed run starts: its next epoch, step, history and the callbacks' saved states. */
  readonly start: {
    readonly epoch: number;
    readonly step: number;
    readonly history: readonly Logs[];
    readonly callbacks?: readonly unknown[] | undefined;
    /** The checkpoint's run had already stopped (early stopping): no epoch is left to train. */
    readonly stopped?: boolean;
  };
}

/** Where a run resumed from `ckpt` starts (or a fresh run, without one). */
export function startOf(ckpt: Checkpoint | null): LoopOptions['start'] {
  return ckpt
    ? {
        epoch: ckpt.epoch + 1,
        step: ckpt.step,
        history: ckpt.history,
        callbacks: ckpt.callbacks,
        ...(ckpt.stopped ? { stopped: true } : {}),
      }
    : { epoch: 0, step: 0, history: [] };
}

export interface LoopResult<OS> extends TrainState<OS> {
  /** One entry per epoch: the step's logs, metrics, seconds, samplesPerSecond, val_<key>. */
  readonly history: Logs[];
}

/**
 * The checkpoint to resume from, when `resume` is set and `checkpointDir` holds one: the latest whole
 * one (checked by `loadCheckpoint`; a damaged latest gives way to the previous with a warning through
 * `warn`, default console.warn).
 */
export function resumePoint(options: {
  readonly resume?: boolean;
  readonly checkpointDir?: string;
  readonly warn?: (message: string) => void;
}): Checkpoint | null {
  if (options.resume && !options.checkpointDir) {
    throw new ConfigError('fit({resume})', 'resume needs checkpointDir: the directory to resume from');
  }
  return options.resume && options.checkpointDir && hasCheckpoint(options.checkpointDir)
    ? loadCheckpoint(options.checkpointDir, options.warn ? { warn: options.warn } : {})
    : null;
}

/** A run's generators: `init` for the params, and `epoch(e)` for epoch e's random choices. */
export interface RunRngs {
  readonly init: Rng;
  /** Epoch e's generator, fresh on each call, the same for a given seed however the run got to e. */
  epoch(e: number): Rng;
}

/**
 * The generators of a run, fixed by the seed, so a resumed run draws what an uninterrupted one would.
 * Epoch e's generator is the e-th child of `split` on the run's training generator, as `split(epochs)`
 * made them when they were allocated all at once: children are drawn one after another from the
 * parent (`split(n)` draws as n successive `split(1)` do; run-rngs.test.ts holds this to the old
 * allocation), so the e-th comes from stepping a copy of the parent past e children. A cursor kept at the
 * last epoch asked for makes the usual in-order walk O(1) per epoch, and a resume at epoch e O(e) time
 * once, with O(1) memory whatever `epochs` is.
 */
export function runRngs(seed: number, epochs: number): RunRngs {
  assertInteger(epochs, 'runRngs(epochs)', 0);
  const parent = (): Rng => (createRng(seed).split(2) as [Rng, Rng])[1];
  const [init] = createRng(seed).split(2) as [Rng, Rng];
  // `cursor` has handed out children 0..next-1.
  let cursor = parent();
  let next = 0;
  const epoch = (e: number): Rng => {
    assertInteger(e, 'runRngs: epoch', 0);
    if (e >= epochs) throw new ConfigError('runRngs: epoch', `must be below epochs (${epochs}), got ${e}`);
    if (e < next) {
      cursor = parent();
      next = 0;
    }
    for (; next < e; next++) cursor.split(1);
    next++;
    return cursor.split(1)[0]!;
  };
  return { init, epoch };
}

/**
 * Hands each callback its state from the checkpoint (`setState`), so a resumed run's early stopping
 * counts from where it was. The states are matched by position: the resumed run must pass the same
 * callbacks in the same order.
 */
function restoreCallbacks(callbacks: readonly TrainCallback[], states: readonly unknown[] | undefined): void {
  if (!states) return;
  if (states.length !== callbacks.length) {
    disposeDeep(states);
    throw new ConfigError(
      'fit({resume})',
      `the checkpoint holds the state of ${states.length} callbacks, but this run has ${callbacks.length}; resume with the callbacks of the run that wrote it, in the same order`,
    );
  }
  callbacks.forEach((cb, i) => {
    const state = states[i];
    if (state === null || state === undefined) return;
    if (cb.setState) cb.setState(state);
    else disposeDeep(state);
  });
}

/**
 * The training loop, the same for every step and executor: callbacks around each epoch, one history
 * entry per epoch, a checkpoint after each epoch's callbacks (with their states), early stop on a
 * callback's `{ stop: true }`.
 */
export async function runLoop<OS>(executor: Executor<OS>, options: LoopOptions): Promise<LoopResult<OS>> {
  const { epochs, callbacks } = options;
  const history: Logs[] = [...options.start.history];
  let epoch = options.start.epoch;
  let step = options.start.step;
  const ctx: TrainContext = {
    epochs,
    get epoch() {
      return epoch;
    },
    get step() {
      return step;
    },
    stepsPerEpoch: executor.stepsPerEpoch,
    get params() {
      return executor.train.params;
    },
    get state() {
      return executor.train.state;
    },
    history,
    setParams: (next) => executor.setParams(next),
  };
  const onBatch = callbacks.some((cb) => cb.onBatchEnd)
    ? async (at: number, logs: Logs) => {
        step = at;
        for (const cb of callbacks) await cb.onBatchEnd?.(at, logs, ctx);
      }
    : undefined;
  try {
    restoreCallbacks(callbacks, options.start.callbacks);
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (; epoch < epochs && !options.start.stopped; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      const report = await executor.epoch(epoch, step, onBatch);
      step = report.step;
      const logs: Record<string, number> = { epoch, ...report.logs };
      logs.seconds = report.seconds;
      logs.samplesPerSecond = report.samples / report.seconds;
      for (const [k, v] of Object.entries(report.validation ?? {})) logs[`val_${k}`] = v;
      history.push(logs);
      // Callbacks first, so the checkpoint holds their reaction to this epoch (early stopping's count,
      // the metrics line): a run resumed from it goes on exactly as this one would have.
      let stop = false;
      for (const cb of callbacks) if ((await cb.onEpochEnd?.(epoch, logs, ctx))?.stop) stop = true;
      if (options.checkpointDir) {
        const { params, state, optState } = executor.train;
        const meta = options.meta ? { meta: options.meta } : {};
        const saved = callbacks.some((cb) => cb.getState)
          ? { callbacks: callbacks.map((cb) => cb.getState?.() ?? null) }
          : {};
        saveCheckpoint(options.checkpointDir, {
          epoch,
          step,
          params,
          state,
          optState,
          history,
          ...meta,
          ...saved,
          // A resume after the stop must not train on: the stop is part of the run's state.
          ...(stop ? { stopped: true } : {}),
        });
        // getState hands over a copy: the loop frees it once written.
        disposeDeep(saved);
      }
      if (stop) {
        epoch++;
        break;
      }
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
    await executor.finish();
  } catch (error) {
    await executor.abort();
    throw error;
  }
  return { ...executor.train, history };
}
