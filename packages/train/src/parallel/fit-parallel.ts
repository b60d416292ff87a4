import { availableParallelism } from 'node:os';
import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  BackendError,
  ConfigError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { disposeDeep } from '../dispose.js';
import { type Executor, resumePoint, runLoop, startOf } from '../loop.js';
import { replaceState } from '../run-epoch.js';
import { deserializeTree, type Serialized, serializeTree } from '../serialize.js';
import { type Message, type Pool, startPool } from './pool.js';
import { transferables } from './protocol.js';
import { createControl } from './shared-group.js';
import { moduleUrlOf } from './spawn-worker.js';
import type { ParallelFitOptions, ParallelFitResult, WorkerEpochReport, WorkerReport } from './types.js';

const LABEL = 'fit({workers})';
const LOOP_KEYS = [
  'workers',
  'epochs',
  'callbacks',
  'seed',
  'checkpointDir',
  'resume',
  'logEvery',
  'meta',
  'nonFinite',
];
const TRAINING_KEYS = [
  'step',
  'model',
  'inputShape',
  'loss',
  'optimizer',
  'data',
  'validationData',
  'metrics',
  'keys',
  'constrain',
  'trainable',
  'initialParams',
];
const WORKERS_KEYS = ['count', 'module', 'export', 'args', 'backend', 'stallTimeout'];

function checkOptions(options: ParallelFitOptions): { count: number; moduleUrl: string } {
  for (const key of Object.keys(options)) {
    if (TRAINING_KEYS.includes(key)) {
      throw new ConfigError(
        LABEL,
        `'${key}' comes from the setup module when training with workers: each worker builds its step (or model, inputShape, loss and optimizer), data, validationData and metrics by calling the module's setup function; remove '${key}' here`,
      );
    }
    if (!LOOP_KEYS.includes(key)) {
      throw new ConfigError(
        LABEL,
        `unknown option '${key}'; with workers the options are ${LOOP_KEYS.join(', ')}`,
      );
    }
  }
  const { workers } = options;
  if (
    typeof workers === 'number' ||
    typeof workers === 'string' ||
    workers === null ||
    typeof workers !== 'object'
  ) {
    throw new ConfigError(
      'fit({workers})',
      `must be { count, module }, got ${JSON.stringify(workers)}: the model, loss, optimizer and data are closures that cannot cross threads, so each worker builds its own from a module, e.g. workers: { count: ${JSON.stringify(workers ?? 2)}, module: new URL('./train-setup.js', import.meta.url) }`,
    );
  }
  assertKnownKeys(workers, WORKERS_KEYS, 'fit({workers})');
  let count: number;
  if (workers.count === 'auto') count = availableParallelism();
  else {
    assertInteger(workers.count, 'fit({workers.count})');
    count = workers.count;
  }
  if (workers.export !== undefined && (typeof workers.export !== 'string' || workers.export === '')) {
    throw new ConfigError(
      'fit({workers.export})',
      `must be the name of the setup function's export, got ${JSON.stringify(workers.export)}`,
    );
  }
  if (workers.backend !== undefined && typeof workers.backend !== 'string') {
    throw new ConfigError(
      'fit({workers.backend})',
      `must be a backend name such as 'wasm', got ${typeof workers.backend}`,
    );
  }
  assertNumber(workers.stallTimeout ?? 60, 'fit({workers.stallTimeout})', { min: 0, exclusiveMin: true });
  assertInteger(options.epochs, 'fit({epochs})');
  assertInteger(options.logEvery ?? 20, 'fit({logEvery})');
  if (options.nonFinite !== undefined) assertOneOf(options.nonFinite, ['stop', 'skip'], 'fit({nonFinite})');
  assertInteger(options.seed ?? 0, 'fit({seed})', 0);
  return { count, moduleUrl: moduleUrlOf(workers.module, 'fit({workers.module})') };
}

/**
 * The executor of `fit({ workers })`: the steps run in the workers, this thread holds a copy of the
 * params, refreshed whenever callbacks may look at them, and the latest optimizer state for
 * checkpoints. Per-epoch logs are merged by rank 0 (only the workers have the metrics' code).
 */
async function parallelExecutor(pool: Pool, reports: WorkerReport[]): Promise<Executor<unknown>> {
  let train = { params: {} as TensorTree, state: {} as TensorTree, optState: {} as unknown };
  const adopt = (snapshot: Serialized, withOptState: boolean) => {
    const tree = deserializeTree(snapshot) as { params: TensorTree; state: TensorTree; optState?: unknown };
    disposeDeep([train.params, train.state, withOptState ? train.optState : null]);
    train = {
      params: tree.params,
      state: tree.state,
      optState: withOptState ? tree.optState : train.optState,
    };
  };
  let pendingParams = false;
  const paramsForWorkers = (): Serialized | null => {
    if (!pendingParams) return null;
    pendingParams = false;
    return serializeTree(train.params);
  };

  const ready = await pool.collect('ready');
  const layout = JSON.stringify(ready[0]!.layout);
  const odd = ready.find((r) => JSON.stringify(r.layout) !== layout);
  if (odd) {
    throw new ConfigError(
      LABEL,
      `worker ${odd.rank} built params or state that differ from worker 0's; the setup must build the same model in every worker`,
    );
  }
  const leaves = [...ready[0]!.layout.params, ...ready[0]!.layout.state];
  const length = leaves.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  // count gradient slots and the average; the workers reduce-scatter into the average.
  const count = ready.length;
  pool.sendAll({
    type: 'start',
    buffer: new SharedArrayBuffer(Float32Array.BYTES_PER_ELEMENT * length * (count + 1)),
  });
  const started = await pool.collect('started');
  adopt(started[0]!.snapshot!, true);
  for (const [k, r] of ready.entries()) {
    reports.push({
      rank: r.rank,
      backend: r.backend,
      numTensors: { start: started[k]!.numTensors, end: Number.NaN },
      epochs: [],
    });
  }

  return {
    get train() {
      return train;
    },
    stepsPerEpoch: ready[0]!.stepsPerEpoch ?? undefined,
    setParams(params) {
      replaceState(train.params, params);
      train = { ...train, params };
      pendingParams = true;
    },
    async epoch(epoch, firstStep, onBatch) {
      pool.sendAll({ type: 'epoch', epoch, step: firstStep, params: paramsForWorkers() });
      let ended: Message<'epoch'>[];
      for (;;) {
        const messages = await pool.collect('batch', 'epoch');
        if (messages[0]!.type === 'epoch') {
          ended = messages as Message<'epoch'>[];
          break;
        }
        const batch = messages as Message<'batch'>[];
        adopt(batch[0]!.snapshot!, false);
        const samples = batch.reduce((n, m) => n + m.samples, 0);
        const logs: Record<string, number> = {};
        for (const key of Object.keys(batch[0]!.sums))
          logs[key] = batch.reduce((n, m) => n + (m.sums[key] ?? 0), 0) / samples;
        await onBatch?.(batch[0]!.step, { ...logs, samples });
        pool.sendAll({ type: 'continue', params: paramsForWorkers() });
      }
      const hash = ended[0]!.hash;
      if (ended.some((m) => m.hash !== hash)) {
        throw new BackendError(
          LABEL,
          `after epoch ${epoch} the workers' params differ (hashes ${ended.map((m) => m.hash.toString(16)).join(', ')}): the same update gave different results, so the backend '${reports[0]!.backend}' is not deterministic here; train on cpu or wasm`,
        );
      }
      ended.forEach((m, k) => {
        const { numTensors, seconds, waitSeconds, exchangeSeconds } = m;
        (reports[k]!.epochs as WorkerEpochReport[]).push({
          numTensors,
          seconds,
          waitSeconds,
          exchangeSeconds,
        });
      });
      const parts = ended.map((m) => ({ train: m.train, validation: m.validation }));
      pool.send(
        0,
        { type: 'merge', parts },
        transferables(...parts.flatMap((p) => [p.train.metrics, p.validation?.metrics])),
      );
      const merged = await pool.next(0, 'merged');
      adopt(merged.snapshot, true);
      return {
        logs: merged.logs,
        validation: merged.validationLogs,
        samples: ended.reduce((n, m) => n + m.train.rows, 0),
        seconds: Math.max(...ended.map((m) => m.seconds)),
        step: ended[0]!.step,
      };
    },
    async finish() {
      pool.sendAll({ type: 'finish' });
      const done = await pool.collect('done');
      done.forEach((m, k) => {
        (reports[k]!.numTensors as { end: number }).end = m.numTensors;
      });
      await pool.close();
    },
    async abort() {
      await pool.close();
      disposeDeep(train);
    },
  };
}

/**
 * `fit` over worker threads (what `fit({ workers })` runs): synchronous data parallelism. Each worker
 * builds its training step and data from `workers.module`, takes its rows of every global batch, and
 * the step's `allMean` averages gradients over all workers through shared memory, so n workers take
 * the same steps as one process on the same global batches. This thread runs the loop (callbacks,
 * checkpoints, history) exactly as single-process `fit` does.
 */
export async function fitParallel(options: ParallelFitOptions): Promise<ParallelFitResult> {
  const { count, moduleUrl } = checkOptions(options);
  const { epochs, seed = 0, logEvery = 20, callbacks = [] } = options;
  const ckpt = resumePoint(options);
  // The workers read the checkpoint themselves; this thread keeps its history and position.
  if (ckpt) disposeDeep([ckpt.params, ckpt.state, ckpt.optState]);
  // The main thread's backend (initialised if nothing chose one yet) unless the options name one.
  try {
    await tf.ready();
  } catch (e) {
    throw new BackendError(
      LABEL,
      `this thread has no tfjs backend to hold the params between epochs (${(e as Error).message}); call useBackend('wasm') or another before fit`,
    );
  }
  const { workers } = options;
  const controlBuffer = createControl(count);
  const pool = startPool(
    count,
    moduleUrl,
    (rank) => ({
      rank,
      count,
      module: moduleUrl,
      exportName: workers.export ?? 'setup',
      args: workers.args,
      seed,
      epochs,
      backend: workers.backend ?? tf.getBackend(),
      control: controlBuffer,
      resumeFrom: ckpt ? options.checkpointDir! : null,
      batchReports: callbacks.some((cb) => cb.onBatchEnd),
      logEvery,
      nonFinite: options.nonFinite ?? 'stop',
    }),
    new Int32Array(controlBuffer),
    workers.stallTimeout ?? 60,
  );
  const reports: WorkerReport[] = [];
  let executor: Executor<unknown>;
  try {
    executor = await parallelExecutor(pool, reports);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const result = await runLoop(executor, {
    epochs,
    callbacks,
    checkpointDir: options.checkpointDir,
    meta: options.meta,
    start: startOf(ckpt),
  });
  return { ...result, workers: reports };
}
