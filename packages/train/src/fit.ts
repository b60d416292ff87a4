import { registerGradients } from '@strata/backends';
import {
  assertInteger,
  ConfigError,
  createRng,
  type GradientTransformation,
  type Layer,
  type Logs,
  type Loss,
  type Metric,
  type Shape,
  type TensorTree,
  treeLeaves,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, iterate, knownLength } from './batch-source.js';
import { hasCheckpoint, loadCheckpoint } from './checkpoint.js';
import type { TrainCallback, TrainContext } from './context.js';
import { disposeDeep } from './dispose.js';
import { batchParts, disposeBatch, evaluate } from './evaluate.js';
import { finishEpoch } from './finish-epoch.js';
import { fitParallel } from './parallel/fit-parallel.js';
import type { ParallelFitOptions, ParallelFitResult } from './parallel/types.js';
import { trainStep } from './train-step.js';

export interface FitOptions<OS> {
  readonly model: Layer;
  /** The model's input shape with the batch as null, e.g. [null, 28, 28, 1]. */
  readonly inputShape: Shape;
  readonly loss: Loss;
  readonly optimizer: GradientTransformation<OS>;
  /** Training batches; iterated once per epoch. */
  readonly data: BatchSource;
  readonly epochs: number;
  readonly validationData?: BatchSource;
  /** Metrics logged per epoch under their key (and `val_<key>` on validation data). */
  // biome-ignore lint/suspicious/noExplicitAny: metric states differ per metric
  readonly metrics?: Readonly<Record<string, Metric<any, number>>>;
  readonly callbacks?: readonly TrainCallback[];
  /** Seeds initialisation and every random choice in training (dropout). Default 0. */
  readonly seed?: number;
  /** Names of the input and target tensors in each batch. Default { x: 'x', y: 'y' }. */
  readonly keys?: { readonly x: string; readonly y: string };
  /** Writes a checkpoint (params, model and optimizer state, history) here after every epoch. */
  readonly checkpointDir?: string;
  /** With `checkpointDir`: continue from the checkpoint there, if any, after its epoch. */
  readonly resume?: boolean;
  /** Calls `onBatchEnd` (and reads the running loss from the device) every this many steps. Default 20. */
  readonly logEvery?: number;
  /** Start from these params instead of `model.init`; fit takes ownership of them. */
  readonly initialParams?: { readonly params: TensorTree; readonly state?: TensorTree };
  /** Facts saved with each checkpoint (config, model id). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface FitResult<OS> {
  /** The trained params; the caller owns them (and `state`, `optState`). */
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  /** One entry per epoch: loss, metrics, val_loss, val_<metric>, seconds, samplesPerSecond. */
  readonly history: Logs[];
}

const FIT_KEYS = [
  'model',
  'inputShape',
  'loss',
  'optimizer',
  'data',
  'epochs',
  'validationData',
  'metrics',
  'callbacks',
  'seed',
  'keys',
  'checkpointDir',
  'resume',
  'logEvery',
  'initialParams',
  'meta',
  'workers',
];

/** Disposes the leaves of `old` that `next` does not reuse. */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/**
 * Trains `model` with `optimizer` on `data` for `epochs`. The loop owns params, model state, optimizer
 * state and metric state while it runs, disposes each one it replaces, and hands the final ones to the
 * caller. It reads from the device only every `logEvery` steps and at the end of each epoch.
 *
 * @example
 * const { params, history } = await fit({
 *   model: sequential([flatten(), dense({ units: 10 })]), inputShape: [null, 28, 28, 1],
 *   loss: sparseCategoricalCrossentropy({ fromLogits: true }), optimizer: adam({ learningRate: 1e-3 }),
 *   data: train.batch(32), validationData: validation.batch(256), epochs: 3, metrics: { accuracy: accuracy() },
 * });
 * // Over worker threads, each building its model, loss, optimizer and data from a module (docs/scaling.md):
 * await fit({ workers: { count: 'auto', module: new URL('./train-setup.js', import.meta.url) }, epochs: 3 });
 */
export function fit(options: ParallelFitOptions): Promise<ParallelFitResult>;
export function fit<OS>(options: FitOptions<OS>): Promise<FitResult<OS>>;
export async function fit<OS>(
  options: FitOptions<OS> | ParallelFitOptions,
): Promise<FitResult<OS> | ParallelFitResult> {
  const label = 'fit';
  for (const key of Object.keys(options)) {
    if (!FIT_KEYS.includes(key)) {
      throw new ConfigError(label, `unknown option '${key}'; known options are ${FIT_KEYS.join(', ')}`);
    }
  }
  // With workers the training runs in worker threads (parallel/fit-parallel.ts).
  if ('workers' in options) return fitParallel(options as ParallelFitOptions);
  const {
    model,
    loss,
    optimizer,
    data,
    epochs,
    metrics = {},
    callbacks = [],
    seed = 0,
    logEvery = 20,
  } = options;
  assertInteger(epochs, 'fit({epochs})');
  assertInteger(logEvery, 'fit({logEvery})');
  assertInteger(seed, 'fit({seed})', 0);
  if (options.resume && !options.checkpointDir) {
    throw new ConfigError('fit({resume})', 'resume needs checkpointDir: the directory to resume from');
  }
  const keys = options.keys ?? { x: 'x', y: 'y' };
  // tfjs-core registers no gradients when loaded in plain Node; this adds Strata's where one is missing.
  registerGradients();

  const [initRng, trainRng] = createRng(seed).split(2) as [
    ReturnType<typeof createRng>,
    ReturnType<typeof createRng>,
  ];
  // One generator per epoch, fixed by the seed, so a resumed run draws what an uninterrupted one would.
  const epochRngs = trainRng.split(epochs);

  let params: TensorTree;
  let state: TensorTree;
  let optState: OS;
  let startEpoch = 0;
  let step = 0;
  const history: Logs[] = [];
  if (options.resume && options.checkpointDir && hasCheckpoint(options.checkpointDir)) {
    const ckpt = loadCheckpoint<OS>(options.checkpointDir);
    ({ params, state, optState } = ckpt);
    startEpoch = ckpt.epoch + 1;
    step = ckpt.step;
    history.push(...ckpt.history);
  } else if (options.initialParams) {
    params = options.initialParams.params;
    state = options.initialParams.state ?? {};
    optState = optimizer.init(params);
  } else {
    ({ params, state } = model.init(initRng, options.inputShape));
    optState = optimizer.init(params);
  }

  let epoch = startEpoch;
  const stepsPerEpoch = knownLength(data);
  const ctx: TrainContext = {
    epochs,
    get epoch() {
      return epoch;
    },
    get step() {
      return step;
    },
    stepsPerEpoch,
    get params() {
      return params;
    },
    get state() {
      return state;
    },
    history,
    setParams(next: TensorTree) {
      replaceTree(params, next);
      params = next;
    },
  };

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (; epoch < epochs; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      const rng = epochRngs[epoch]!;
      const started = performance.now();
      let lossSum: tf.Scalar = tf.scalar(0);
      let samples = 0;
      const states = Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.init()]));
      try {
        for await (const batch of iterate(data, epoch)) {
          const [x, y] = batchParts(batch, keys, label);
          const out = trainStep(model, loss, optimizer, params, state, optState, x, y, rng);
          replaceTree(params, out.params);
          replaceTree(state, out.state);
          disposeDeep(optState);
          params = out.params;
          state = out.state;
          optState = out.optState;
          const batchSize = x.shape[0]!;
          const nextLoss = tf.tidy(() => tf.add(lossSum, tf.mul(out.loss, batchSize)) as tf.Scalar);
          lossSum.dispose();
          lossSum = nextLoss;
          for (const [name, m] of Object.entries(metrics)) {
            const old = states[name];
            states[name] = m.update(old, y, out.yPred);
            if (m.dispose) m.dispose(old);
            else disposeDeep(old);
          }
          out.loss.dispose();
          out.yPred.dispose();
          disposeBatch(batch);
          samples += batchSize;
          step++;
          if (step % logEvery === 0 && callbacks.some((cb) => cb.onBatchEnd)) {
            const logs = { loss: (await lossSum.data())[0]! / samples, samples };
            for (const cb of callbacks) await cb.onBatchEnd?.(step, logs, ctx);
          }
        }
        const logs: Record<string, number> = { epoch };
        logs.loss = samples > 0 ? (await lossSum.data())[0]! / samples : Number.NaN;
        for (const [name, m] of Object.entries(metrics)) logs[name] = m.compute(states[name]);
        const seconds = (performance.now() - started) / 1000;
        logs.seconds = seconds;
        logs.samplesPerSecond = samples / seconds;
        if (options.validationData) {
          const val = await evaluate({
            model,
            params,
            state,
            data: options.validationData,
            loss,
            metrics,
            keys,
          });
          for (const [k, v] of Object.entries(val.logs)) logs[`val_${k}`] = v;
        }
        history.push(logs);
      } finally {
        lossSum.dispose();
        for (const [name, m] of Object.entries(metrics)) {
          if (m.dispose) m.dispose(states[name]);
          else disposeDeep(states[name]);
        }
      }
      const checkpoint = {
        epoch,
        step,
        params,
        state,
        optState,
        history,
        ...(options.meta ? { meta: options.meta } : {}),
      };
      if (await finishEpoch(options.checkpointDir, checkpoint, callbacks, ctx)) {
        epoch++;
        break;
      }
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
  } catch (err) {
    disposeDeep(optState);
    disposeDeep(params);
    disposeDeep(state);
    throw err;
  }
  return { params, state, optState, history };
}
