import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  assertInteger,
  assertKnownKeys,
  BackendError,
  ConfigError,
  type Logs,
  type TensorTree,
  treeLeaves,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { hasCheckpoint, loadCheckpoint } from '../checkpoint.js';
import type { TrainContext } from '../context.js';
import { disposeDeep } from '../dispose.js';
import { finishEpoch } from '../finish-epoch.js';
import { deserializeTree, type Serialized, serializeTree } from '../serialize.js';
import { type ToMain, type ToWorker, transferables, type WorkerInit } from './protocol.js';
import { fromRemoteError } from './remote-error.js';
import { abortGroup, createControl } from './shared-group.js';
import { moduleUrlOf, spawnWorker } from './spawn-worker.js';
import type { ParallelFitOptions, ParallelFitResult, WorkerEpochReport, WorkerReport } from './types.js';

const LABEL = 'fit({workers})';
const LOOP_KEYS = ['workers', 'epochs', 'callbacks', 'seed', 'checkpointDir', 'resume', 'logEvery', 'meta'];
const TRAINING_KEYS = [
  'model',
  'inputShape',
  'loss',
  'optimizer',
  'data',
  'validationData',
  'metrics',
  'keys',
  'initialParams',
];
const WORKERS_KEYS = ['count', 'module', 'export', 'args', 'backend'];

type Message<T extends ToMain['type']> = Extract<ToMain, { type: T }>;

interface Pool {
  /** The next message of every worker, by rank; all must be of one of `types`. */
  collect<T extends ToMain['type']>(...types: T[]): Promise<Message<T>[]>;
  /** The next message of one worker. */
  next<T extends ToMain['type']>(rank: number, type: T): Promise<Message<T>>;
  send(rank: number, message: ToWorker, transfer?: ArrayBuffer[]): void;
  sendAll(message: ToWorker): void;
  /** Ends every worker: after `finish` normally, at once on failure. */
  close(): Promise<void>;
}

/** Starts `count` workers and turns their messages, errors and exits into awaitable steps. */
function startPool(
  count: number,
  moduleUrl: string,
  initOf: (rank: number) => WorkerInit,
  control: Int32Array,
): Pool {
  const workers: Worker[] = [];
  const queues: ToMain[][] = Array.from({ length: count }, () => []);
  let failure: Error | undefined;
  let closing = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: Error) => {
    if (failure || closing) return;
    failure = error;
    // Release the workers blocked at a barrier waiting for the one that failed.
    abortGroup(control);
    notify();
  };
  try {
    for (let rank = 0; rank < count; rank++) {
      const worker = spawnWorker(moduleUrl, initOf(rank));
      workers.push(worker);
      worker.on('message', (message: ToMain) => {
        if (message.type === 'error') fail(fromRemoteError(message.error, message.rank));
        else {
          queues[rank]!.push(message);
          notify();
        }
      });
      worker.on('error', (error) => {
        Object.defineProperty(error, 'workerRank', { value: rank, enumerable: false });
        fail(error);
      });
      worker.on('messageerror', (error) => fail(error));
      worker.on('exit', (code) => {
        fail(new Error(`${LABEL}: worker ${rank} exited (code ${code}) before training ended`));
      });
    }
  } catch (error) {
    closing = true;
    for (const w of workers) void w.terminate();
    if ((error as Error).name === 'DataCloneError') {
      throw new ConfigError(
        'fit({workers.args})',
        `must be plain data that survives structured cloning (no functions or class instances): ${(error as Error).message}`,
      );
    }
    throw error;
  }
  const wait = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (failure) throw failure;
      if (ready()) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const check = <T extends ToMain['type']>(message: ToMain, types: readonly T[]): Message<T> => {
    if (!types.includes(message.type as T)) {
      throw new Error(
        `${LABEL}: worker ${message.rank} sent '${message.type}' where ${types.join(' or ')} was due`,
      );
    }
    return message as Message<T>;
  };
  return {
    async collect(...types) {
      await wait(() => queues.every((q) => q.length > 0));
      const messages = queues.map((q) => check(q.shift()!, types));
      if (messages.some((m) => m.type !== messages[0]!.type)) {
        throw new Error(`${LABEL}: the workers are out of step (${messages.map((m) => m.type).join(', ')})`);
      }
      return messages;
    },
    async next(rank, type) {
      await wait(() => queues[rank]!.length > 0);
      return check(queues[rank]!.shift()!, [type]);
    },
    send(rank, message, transfer = []) {
      workers[rank]!.postMessage(message, transfer);
    },
    sendAll(message) {
      for (const w of workers) w.postMessage(message);
    },
    async close() {
      closing = true;
      abortGroup(control);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function checkOptions(options: ParallelFitOptions): { count: number; moduleUrl: string } {
  for (const key of Object.keys(options)) {
    if (TRAINING_KEYS.includes(key)) {
      throw new ConfigError(
        LABEL,
        `'${key}' comes from the setup module when training with workers: each worker builds its model, inputShape, loss, optimizer, data, validationData and metrics by calling the module's setup function; remove '${key}' here`,
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
  assertInteger(options.epochs, 'fit({epochs})');
  assertInteger(options.logEvery ?? 20, 'fit({logEvery})');
  assertInteger(options.seed ?? 0, 'fit({seed})', 0);
  if (options.resume && !options.checkpointDir) {
    throw new ConfigError('fit({resume})', 'resume needs checkpointDir: the directory to resume from');
  }
  return { count, moduleUrl: moduleUrlOf(workers.module, 'fit({workers.module})') };
}

/**
 * `fit` over worker threads (what `fit({ workers })` runs): synchronous data parallelism. Each worker
 * builds its model, loss, optimizer and data from `workers.module`, takes its rows of every global
 * batch, and the workers average their gradients through shared memory each step, so n workers take
 * the same steps as one process on the same global batches. This thread runs the callbacks, writes
 * checkpoints and merges metrics; it holds a copy of the params refreshed at each callback.
 */
export async function fitParallel(options: ParallelFitOptions): Promise<ParallelFitResult> {
  const { count, moduleUrl } = checkOptions(options);
  const { epochs, callbacks = [], seed = 0, logEvery = 20 } = options;
  const workers = options.workers;

  let params: TensorTree = {};
  let state: TensorTree = {};
  let optState: unknown = {};
  let startEpoch = 0;
  let step = 0;
  const history: Logs[] = [];
  let resumeFrom: string | null = null;
  if (options.resume && options.checkpointDir && hasCheckpoint(options.checkpointDir)) {
    const ckpt = loadCheckpoint(options.checkpointDir);
    // The workers read the same checkpoint; this thread keeps its history and position.
    disposeDeep([ckpt.params, ckpt.state, ckpt.optState]);
    startEpoch = ckpt.epoch + 1;
    step = ckpt.step;
    history.push(...ckpt.history);
    resumeFrom = options.checkpointDir;
  }

  // The main thread's backend (initialised if nothing chose one yet) unless the options name one.
  try {
    await tf.ready();
  } catch (e) {
    throw new BackendError(
      LABEL,
      `this thread has no tfjs backend to hold the params between epochs (${(e as Error).message}); call useBackend('wasm') or another before fit`,
    );
  }
  const backend = workers.backend ?? tf.getBackend();
  const controlBuffer = createControl(count);
  const control = new Int32Array(controlBuffer);
  const batchReports = callbacks.some((cb) => cb.onBatchEnd);
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
      backend,
      control: controlBuffer,
      resumeFrom,
      batchReports,
      logEvery,
    }),
    control,
  );

  const adopt = (snapshot: Serialized, withOptState: boolean) => {
    const tree = deserializeTree(snapshot) as { params: TensorTree; state: TensorTree; optState?: unknown };
    disposeDeep([params, state]);
    params = tree.params;
    state = tree.state;
    if (withOptState) {
      disposeDeep(optState);
      optState = tree.optState;
    }
  };
  let pendingParams = false;
  const paramsForWorkers = (): Serialized | null => {
    if (!pendingParams) return null;
    pendingParams = false;
    return serializeTree(params);
  };

  try {
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
    pool.sendAll({
      type: 'start',
      buffer: new SharedArrayBuffer(Float32Array.BYTES_PER_ELEMENT * length * (count + 1)),
    });
    const started = await pool.collect('started');
    adopt(started[0]!.snapshot!, true);
    const reports = ready.map((r, k) => ({
      rank: r.rank,
      backend: r.backend,
      numTensors: { start: started[k]!.numTensors, end: Number.NaN },
      epochs: [] as WorkerEpochReport[],
    }));

    let epoch = startEpoch;
    const ctx: TrainContext = {
      epochs,
      get epoch() {
        return epoch;
      },
      get step() {
        return step;
      },
      stepsPerEpoch: ready[0]!.stepsPerEpoch ?? undefined,
      get params() {
        return params;
      },
      get state() {
        return state;
      },
      history,
      setParams(next: TensorTree) {
        const keep = new Set(treeLeaves(next));
        for (const t of treeLeaves(params)) if (!keep.has(t) && !t.isDisposed) t.dispose();
        params = next;
        pendingParams = true;
      },
    };

    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (; epoch < epochs; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      pool.sendAll({ type: 'epoch', epoch, params: paramsForWorkers() });
      let ended: Message<'epoch'>[];
      for (;;) {
        const messages = await pool.collect('batch', 'epoch');
        if (messages[0]!.type === 'epoch') {
          ended = messages as Message<'epoch'>[];
          break;
        }
        const batch = messages as Message<'batch'>[];
        adopt(batch[0]!.snapshot!, false);
        step = batch[0]!.step;
        const samples = batch.reduce((n, m) => n + m.samples, 0);
        const logs = { loss: batch.reduce((n, m) => n + m.lossSum, 0) / samples, samples };
        for (const cb of callbacks) await cb.onBatchEnd?.(step, logs, ctx);
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
        reports[k]!.epochs.push({ numTensors, seconds, waitSeconds, exchangeSeconds });
      });
      step = ended[0]!.step;
      const parts = ended.map((m) => ({ metrics: m.metrics, validation: m.validation }));
      pool.send(
        0,
        { type: 'merge', parts },
        transferables(...parts.flatMap((p) => [p.metrics, p.validation?.metrics])),
      );
      const merged = await pool.next(0, 'merged');
      adopt(merged.snapshot, true);

      const samples = ended.reduce((n, m) => n + m.samples, 0);
      const logs: Record<string, number> = { epoch };
      logs.loss = samples > 0 ? ended.reduce((n, m) => n + m.lossSum, 0) / samples : Number.NaN;
      for (const [name, value] of Object.entries(merged.logs)) logs[name] = value as number;
      const seconds = Math.max(...ended.map((m) => m.seconds));
      logs.seconds = seconds;
      logs.samplesPerSecond = samples / seconds;
      if (merged.validationLogs) {
        const rows = ended.reduce((n, m) => n + m.validation!.count, 0);
        logs.val_loss = rows > 0 ? ended.reduce((n, m) => n + m.validation!.lossSum, 0) / rows : Number.NaN;
        for (const [name, value] of Object.entries(merged.validationLogs)) {
          if (typeof value === 'number') logs[`val_${name}`] = value;
        }
      }
      history.push(logs);
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
    pool.sendAll({ type: 'finish' });
    const done = await pool.collect('done');
    done.forEach((m, k) => {
      reports[k]!.numTensors.end = m.numTensors;
    });
    await pool.close();
    const workerReports: WorkerReport[] = reports;
    return { params, state, optState, history, workers: workerReports };
  } catch (error) {
    await pool.close();
    disposeDeep([params, state, optState]);
    throw error;
  }
}
