/*
 * The entry of each worker thread of `fit({ workers })`. It sets its own backend, imports the setup
 * module and builds its own training step and data, then runs the same epoch code as single-process
 * `fit` (run-epoch.ts) on its rows of each global batch, with an exchange whose `allMean` averages
 * over all workers through shared memory (gradient-exchange.ts). Every worker applies the same update
 * to the same average from the same params, so all hold identical params without a broadcast; the
 * main thread checks that they do after every epoch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendChoice, useBackend } from '@strata/backends';
import {
  ConfigError,
  flattenTree,
  ShapeError,
  type TensorTree,
  type TrainState,
  treeLeaves,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { knownLength } from '../batch-source.js';
import { loadCheckpoint } from '../checkpoint.js';
import { disposeDeep } from '../dispose.js';
import { mergeParts } from '../epoch-sums.js';
import { runRngs } from '../loop.js';
import { type Holder, replaceState, runEpoch } from '../run-epoch.js';
import { deserializeTree, type Serialized, serializeTree } from '../serialize.js';
import { validatePass } from '../validate.js';
import { hashTensors, sharedExchange, validationShare } from './gradient-exchange.js';
import { type LeafSpec, type ToMain, type ToWorker, transferables, type WorkerInit } from './protocol.js';
import { toRemoteError } from './remote-error.js';
import { abortGroup, beat, GroupAborted, openGroup } from './shared-group.js';
import { loadSetup } from './worker-setup.js';

const port = parentPort;
if (!port) throw new Error('worker-main runs inside a worker thread started by fit({ workers })');
const init = workerData as WorkerInit;
const { rank, count } = init;
const label = 'fit({workers})';

const inbox: ToWorker[] = [];
let waiting: ((message: ToWorker) => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (waiting) {
    const resolve = waiting;
    waiting = undefined;
    resolve(message);
  } else inbox.push(message);
});

function receive(): Promise<ToWorker> {
  const next = inbox.shift();
  return next ? Promise.resolve(next) : new Promise((resolve) => (waiting = resolve));
}

async function expectMessage<T extends ToWorker['type']>(type: T): Promise<Extract<ToWorker, { type: T }>> {
  const message = await receive();
  if (message.type !== type)
    throw new Error(`${label}: worker ${rank} expected '${type}', got '${message.type}'`);
  return message as Extract<ToWorker, { type: T }>;
}

function post(message: ToMain, ...trees: (Serialized | null | undefined)[]): void {
  port!.postMessage(message, transferables(...trees));
}

function layoutOf(tree: TensorTree, onlyFloat: boolean): LeafSpec[] {
  return Object.entries(flattenTree(tree))
    .filter(([, t]) => !onlyFloat || t.dtype === 'float32')
    .map(([key, t]) => ({ key, shape: t.shape.slice(), dtype: t.dtype }));
}

const sizeOf = (specs: readonly LeafSpec[]) =>
  specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);

/** How often a worker whose event loop is free tells the watchdog it is alive. */
const HEARTBEAT_MS = 500;

async function run(): Promise<void> {
  const alive = openGroup(init.control, rank, count);
  setInterval(() => beat(alive), HEARTBEAT_MS).unref();
  const backend = await useBackend(init.backend as BackendChoice);
  const setup = await loadSetup(init);
  const { step, metrics } = setup;
  // The same generators as the single-process fit, so one worker reproduces it exactly.
  const rngs = runRngs(init.seed, init.epochs);

  // The main thread has already warned about a damaged latest checkpoint; every thread falls back alike.
  const ckpt = init.resumeFrom === null ? null : loadCheckpoint(init.resumeFrom, { warn: () => {} });
  const start = ckpt ?? setup.initialParams ?? step.init(rngs.init);
  const holder: Holder = {
    train: { params: start.params, state: start.state ?? {}, optState: ckpt?.optState },
  };
  const layout = { params: layoutOf(holder.train.params, false), state: layoutOf(holder.train.state, true) };
  const bad = layout.params.find((p) => p.dtype !== 'float32');
  if (bad)
    throw new ConfigError(
      label,
      `param '${bad.key}' is ${bad.dtype}; workers average float32 gradients only`,
    );
  post({
    type: 'ready',
    rank,
    backend: backend.name,
    layout,
    stepsPerEpoch: knownLength(setup.data) ?? null,
  });

  // Slots and the average, sized for the params and float state, allocated once the layout is known.
  const { buffer } = await expectMessage('start');
  const group = openGroup(init.control, rank, count);
  const exchange = sharedExchange(group, buffer, sizeOf(layout.params) + sizeOf(layout.state));
  // Start from rank 0's params and state, whatever each setup did.
  const shared = exchange.broadcast({ params: holder.train.params, state: holder.train.state });
  const from0: TrainState = {
    ...holder.train,
    params: shared.params as TensorTree,
    state: (shared.state as TensorTree | undefined) ?? {},
  };
  replaceState(holder.train, from0);
  holder.train = ckpt ? from0 : { ...from0, optState: step.initOptimizer(from0.params) };

  const setParams = (serialized: Serialized): void => {
    const next = deserializeTree(serialized) as TensorTree;
    const got = layoutOf(next, false).map((s) => `${s.key}:${s.shape}`);
    if (got.join() !== layout.params.map((s) => `${s.key}:${s.shape}`).join()) {
      disposeDeep(next);
      throw new ShapeError(
        'ctx.setParams',
        'the new params differ in names or shapes from the model being trained; with workers the structure is fixed',
      );
    }
    replaceState(holder.train.params, next);
    holder.train = { ...holder.train, params: next };
  };

  const numTensors = { start: tf.memory().numTensors };
  const { params, state, optState } = holder.train;
  post(
    rank === 0
      ? {
          type: 'started',
          rank,
          numTensors: numTensors.start,
          snapshot: serializeTree({ params, state, optState }),
        }
      : { type: 'started', rank, numTensors: numTensors.start },
  );

  const trainEpoch = async (epoch: number, firstStep: number): Promise<void> => {
    const epochRng = rngs.epoch(epoch);
    // One worker draws what the single-process loop draws; several draw independent streams.
    const rng = count === 1 ? epochRng : epochRng.split(count)[rank]!;
    const started = performance.now();
    exchange.resetTiming();
    const { sums, step: at } = await runEpoch({
      step,
      holder,
      data: setup.data,
      epoch,
      rng,
      metrics,
      firstStep,
      exchange,
      logEvery: init.logEvery,
      nonFinite: init.nonFinite,
      ...(init.batchReports
        ? {
            onLog: async (index, running) => {
              const snapshot =
                rank === 0
                  ? serializeTree({ params: holder.train.params, state: holder.train.state })
                  : undefined;
              const report = { sums: await running.readSums(), samples: running.rows };
              post(
                { type: 'batch', rank, step: index, ...report, ...(snapshot ? { snapshot } : {}) },
                snapshot,
              );
              const reply = await expectMessage('continue');
              if (reply.params) setParams(reply.params);
            },
          }
        : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    let train: Awaited<ReturnType<typeof sums.part>>;
    try {
      train = await sums.part();
    } finally {
      sums.dispose();
    }
    let validation: typeof train | null = null;
    if (setup.validationData && step.evaluate) {
      const evaluateStep = step.evaluate.bind(step);
      const val = await validatePass(
        (b) => evaluateStep(holder.train, b),
        setup.validationData,
        metrics,
        (b) => validationShare(group, b),
      );
      try {
        validation = await val.part();
      } finally {
        val.dispose();
      }
    }
    post(
      {
        type: 'epoch',
        rank,
        epoch,
        step: at,
        train,
        seconds,
        waitSeconds: exchange.timing.wait / 1000,
        exchangeSeconds: exchange.timing.exchange / 1000,
        validation,
        numTensors: tf.memory().numTensors,
        hash: hashTensors(treeLeaves(holder.train.params)),
      },
      train.metrics,
      validation?.metrics,
    );
    if (rank === 0) {
      const { parts } = await expectMessage('merge');
      const logs = mergeParts(
        metrics,
        parts.map((p) => p.train),
        init.nonFinite,
      );
      const validationLogs = setup.validationData
        ? mergeParts(
            metrics,
            parts.map((p) => p.validation!),
          )
        : null;
      const snapshot = serializeTree(holder.train);
      post({ type: 'merged', rank, logs, validationLogs, snapshot }, snapshot);
    }
  };

  for (;;) {
    const message = await receive();
    if (message.type === 'finish') break;
    if (message.type !== 'epoch')
      throw new Error(`${label}: worker ${rank} got '${message.type}' between epochs`);
    if (message.params) setParams(message.params);
    await trainEpoch(message.epoch, message.step);
  }
  disposeDeep(holder.train);
  post({ type: 'done', rank, numTensors: tf.memory().numTensors });
}

run().catch((error: unknown) => {
  // A worker released from a barrier by someone else's failure stays quiet: that one reports.
  if (error instanceof GroupAborted) return;
  abortGroup(new Int32Array(init.control));
  post({ type: 'error', rank, error: toRemoteError(error) });
});
