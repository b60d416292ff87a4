import { registerGradients } from '@strata/backends';
import {
  assertInteger,
  assertOneOf,
  ConfigError,
  type Logs,
  type Rng,
  type TensorTree,
  type TrainingStep,
} from '@strata/core';
import type { BatchSource } from './batch-source.js';
import { knownLength } from './batch-source.js';
import type { TrainCallback } from './context.js';
import type { Metrics } from './epoch-sums.js';
import { type Executor, resumePoint, runLoop, runRngs, startOf } from './loop.js';
import { fitParallel } from './parallel/fit-parallel.js';
import type { ParallelFitOptions, ParallelFitResult } from './parallel/types.js';
import { type Holder, localExchange, replaceState, runEpoch } from './run-epoch.js';
import { stepOf } from './step-of.js';
import type { SupervisedStepOptions } from './supervised-step.js';
import { validatePass } from './validate.js';

/** What the loop needs whatever the step. */
export interface LoopFitOptions {
  /** Training batches; iterated once per epoch. */
  readonly data: BatchSource;
  readonly epochs: number;
  /** Scored after each epoch with the step's `evaluate`, logged as `val_<key>`. */
  readonly validationData?: BatchSource;
  /** Metrics over the step's outputs, logged per epoch under their key (and `val_<key>`). */
  readonly metrics?: Metrics;
  readonly callbacks?: readonly TrainCallback[];
  /** Seeds initialisation and every random choice in training (dropout, noise). Default 0. */
  readonly seed?: number;
  /** Writes a checkpoint (params, model and optimizer state, history) here after every epoch. */
  readonly checkpointDir?: string;
  /** With `checkpointDir`: continue from the checkpoint there, if any, after its epoch. */
  readonly resume?: boolean;
  /** Calls `onBatchEnd` (and reads the running logs from the device) every this many steps. Default 20. */
  readonly logEvery?: number;
  /**
   * What a non-finite loss does. 'stop' (default): the run ends at the next read with a DataError
   * naming the step, its batch and the first non-finite parameter, before anything non-finite is
   * saved. 'skip': the step is left out of the logs and metrics and counted in the epoch's `skipped`
   * log; pair it with an optimizer that skips such steps (optim's `applyIfFinite`), as the run still
   * stops if the params go non-finite.
   */
  readonly nonFinite?: 'stop' | 'skip';
  /** Start from these params instead of the step's `init`; fit takes ownership of them. */
  readonly initialParams?: { readonly params: TensorTree; readonly state?: TensorTree };
  /** Facts saved with each checkpoint (config, model id). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/**
 * `fit`'s options: the loop's, plus either a training `step` (a GAN's, a VAE's, any `TrainingStep`)
 * or the fields of the default supervised step (`model`, `inputShape`, `loss`, `optimizer`, `keys`).
 */
export type FitOptions<OS> = LoopFitOptions &
  ({ readonly step: TrainingStep<OS> } | SupervisedStepOptions<OS>);

export interface FitResult<OS> {
  /** The trained params; the caller owns them (and `state`, `optState`). */
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  /** One entry per epoch: the step's logs, metrics, val_<key>, seconds, samplesPerSecond. */
  readonly history: Logs[];
}

const LOOP_KEYS = [
  'data',
  'epochs',
  'validationData',
  'metrics',
  'callbacks',
  'seed',
  'checkpointDir',
  'resume',
  'logEvery',
  'nonFinite',
  'initialParams',
  'meta',
  'workers',
];
const STEP_KEYS = ['step', 'model', 'inputShape', 'loss', 'optimizer', 'keys', 'constrain', 'trainable'];

/** The executor of a single-process `fit`: every step runs here. */
function localExecutor<OS>(
  step: TrainingStep<OS>,
  holder: Holder<OS>,
  options: LoopFitOptions,
  epochRng: (epoch: number) => Rng,
): Executor<OS> {
  const metrics = options.metrics ?? {};
  const logEvery = options.logEvery ?? 20;
  return {
    get train() {
      return holder.train;
    },
    stepsPerEpoch: knownLength(options.data),
    setParams(params) {
      replaceState(holder.train.params, params);
      holder.train = { ...holder.train, params };
    },
    async epoch(epoch, firstStep, onBatch) {
      const started = performance.now();
      const { sums, step: at } = await runEpoch({
        step,
        holder,
        data: options.data,
        epoch,
        rng: epochRng(epoch),
        metrics,
        firstStep,
        exchange: localExchange,
        logEvery,
        nonFinite: options.nonFinite ?? 'stop',
        ...(onBatch
          ? {
              onLog: async (index, running) => {
                const logs = meansOf(await running.readSums(), running.rows);
                await onBatch(index, { ...logs, samples: running.rows });
              },
            }
          : {}),
      });
      let logs: Record<string, number>;
      const samples = sums.rows;
      try {
        logs = (await sums.compute()).logs;
      } finally {
        sums.dispose();
      }
      const seconds = (performance.now() - started) / 1000;
      let validation: Record<string, number> | null = null;
      if (options.validationData && step.evaluate) {
        const evaluateStep = step.evaluate.bind(step);
        const val = await validatePass((b) => evaluateStep(holder.train, b), options.validationData, metrics);
        try {
          validation = (await val.compute()).logs;
        } finally {
          val.dispose();
        }
      }
      return { logs, validation, samples, seconds, step: at };
    },
    async finish() {},
    async abort() {
      replaceState(holder.train, null);
    },
  };
}

/** Means per row of row-weighted sums. */
export function meansOf(sums: Readonly<Record<string, number>>, rows: number): Record<string, number> {
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, rows > 0 ? v / rows : Number.NaN]));
}

/**
 * Trains for `epochs`: each batch through a training step (the supervised one built from `model`,
 * `loss` and `optimizer`, or any `step`), with callbacks, checkpoints and resume. The loop owns
 * params, model state, optimizer state and metric state while it runs, disposes each one it replaces,
 * and hands the final ones to the caller. It reads from the device only every `logEvery` steps and at
 * the end of each epoch.
 *
 * @example
 * ```ts
 * import { useBackend } from '@strata/backends';
 * import { fromArray } from '@strata/data';
 * import { dense, zeros } from '@strata/layers';
 * import { meanSquaredError } from '@strata/losses';
 * import { sgd } from '@strata/optim';
 * import { fit, supervisedStep } from '@strata/train';
 *
 * await useBackend('cpu');
 * // y = 2x on two rows, one batch per epoch; the model y = wx + b starts at w = b = 0.
 * const rows = [
 *   { x: new Float32Array([1]), y: new Float32Array([2]) },
 *   { x: new Float32Array([2]), y: new Float32Array([4]) },
 * ];
 * const { params, history } = await fit({
 *   model: dense({ units: 1, kernelInitializer: zeros() }), inputShape: [null, 1],
 *   loss: meanSquaredError(), optimizer: sgd({ learningRate: 0.1 }),
 *   data: fromArray(rows).batch(2), epochs: 2,
 * });
 * history.length; // => 2
 * // Epoch 1 at w = b = 0: loss (2² + 4²) / 2 = 10, gradients (-10, -6), so w = 1 and b = 0.6.
 * // Epoch 2: errors -0.4 and -1.4, loss (0.16 + 1.96) / 2 = 1.06, gradients (-3.2, -1.8).
 * history.map((logs) => logs.loss); // => [10.0, 1.06]
 * params; // => { kernel: [[1.32]], bias: [0.78] }
 *
 * // Any training step (a GAN's two optimizers, a VAE's KL term) through the same loop:
 * const step = supervisedStep({
 *   model: dense({ units: 1, kernelInitializer: zeros() }), inputShape: [null, 1],
 *   loss: meanSquaredError(), optimizer: sgd({ learningRate: 0.1 }),
 * });
 * (await fit({ step, data: fromArray(rows).batch(2), epochs: 1 })).history[0]!.loss; // => 10.0
 * ```
 *
 * @example
 * Over worker threads, each building its step and data from a module (docs/scaling.md; runnable
 * as a program, not in a test, hence `no-run`):
 * ```ts no-run
 * await fit({ workers: { count: 'auto', module: new URL('./train-setup.js', import.meta.url) }, epochs: 3 });
 * ```
 */
export function fit(options: ParallelFitOptions): Promise<ParallelFitResult>;
export function fit<OS>(options: FitOptions<OS>): Promise<FitResult<OS>>;
export async function fit<OS>(
  options: FitOptions<OS> | ParallelFitOptions,
): Promise<FitResult<OS> | ParallelFitResult> {
  const label = 'fit';
  for (const key of Object.keys(options)) {
    if (!LOOP_KEYS.includes(key) && !STEP_KEYS.includes(key)) {
      throw new ConfigError(
        label,
        `unknown option '${key}'; known options are ${[...STEP_KEYS, ...LOOP_KEYS].join(', ')}`,
      );
    }
  }
  // With workers the training runs in worker threads (parallel/fit-parallel.ts).
  if ('workers' in options) return fitParallel(options as ParallelFitOptions);
  const { epochs, seed = 0, logEvery = 20 } = options;
  assertInteger(epochs, 'fit({epochs})');
  assertInteger(logEvery, 'fit({logEvery})');
  assertInteger(seed, 'fit({seed})', 0);
  if (options.nonFinite !== undefined) assertOneOf(options.nonFinite, ['stop', 'skip'], 'fit({nonFinite})');
  const step = stepOf(options, label);
  if (options.validationData && !step.evaluate) {
    throw new ConfigError(
      'fit({validationData})',
      `the step '${step.name}' has no evaluate, so it cannot score validation data; remove validationData or give the step an evaluate`,
    );
  }
  // tfjs-core registers no gradients when loaded in plain Node; this adds Strata's where one is missing.
  registerGradients();
  const rngs = runRngs(seed, epochs);
  const ckpt = resumePoint(options);
  let holder: Holder<OS>;
  if (ckpt) {
    const { params, state, optState } = ckpt;
    holder = { train: { params, state, optState: optState as OS } };
  } else {
    const { params, state } = options.initialParams
      ? { params: options.initialParams.params, state: options.initialParams.state ?? {} }
      : step.init(rngs.init);
    holder = { train: { params, state, optState: step.initOptimizer(params) } };
  }
  const result = await runLoop(localExecutor(step, holder, options, rngs.epoch), {
    epochs,
    callbacks: options.callbacks ?? [],
    checkpointDir: options.checkpointDir,
    meta: options.meta,
    start: startOf(ckpt),
  });
  return result;
}
