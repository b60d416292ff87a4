/*
 * The entry of each worker thread of `fit({ workers })`. It sets its own backend, imports the setup
 * module and builds its own model, loss, optimizer and data, then trains in lockstep with the other
 * workers: each step it computes the gradients of its rows of the global batch, writes them to its
 * slot of a SharedArrayBuffer, and after a barrier reduces its 1/n slice of all slots into the shared
 * average (a reduce-scatter), then after a second barrier reads the whole average (the all-gather
 * half) and applies the optimizer to it. Every worker runs the same optimizer on the same average
 * from the same params, so all hold identical params without a broadcast; the main thread checks
 * that they do after every epoch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendChoice, useBackend } from '@strata/backends';
import {
  ConfigError,
  createRng,
  DataError,
  flattenTree,
  type GradientTransformation,
  type Metric,
  type Rng,
  ShapeError,
  type TensorTree,
  treeLeaves,
  unflattenTree,
} from '@strata/core';
import { applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { iterate, knownLength } from '../batch-source.js';
import { loadCheckpoint } from '../checkpoint.js';
import { disposeDeep } from '../dispose.js';
import { batchParts, disposeBatch } from '../evaluate.js';
import { type LocalGradients, localGradients } from '../local-gradients.js';
import { deserializeTree, type Serialized, serializeTree } from '../serialize.js';
import {
  type LeafSpec,
  type ToMain,
  type ToWorker,
  transferables,
  type ValidationPart,
  type WorkerInit,
} from './protocol.js';
import { reduceSlice } from './reduce-slice.js';
import { toRemoteError } from './remote-error.js';
import {
  abortGroup,
  barrier,
  type Group,
  GroupAborted,
  openGroup,
  publishBatch,
  readBatches,
} from './shared-group.js';
import { shareOf } from './split-batch.js';
import type { WorkerSetup, WorkerSetupFunction } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: metric states differ per metric
type AnyMetric = Metric<any, unknown>;

const SETUP_KEYS = [
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

/** Disposes the leaves of `old` that `next` does not reuse (as fit does). */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/** Every tensor inside nested objects and arrays. */
function tensorsIn(value: unknown, into = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) into.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) tensorsIn(v, into);
  return into;
}

function disposeMetricState(metric: AnyMetric, state: unknown): void {
  if (metric.dispose) metric.dispose(state);
  else disposeDeep(state);
}

function layoutOf(tree: TensorTree, onlyFloat: boolean): LeafSpec[] {
  return Object.entries(flattenTree(tree))
    .filter(([, t]) => !onlyFloat || t.dtype === 'float32')
    .map(([key, t]) => ({ key, shape: t.shape.slice(), dtype: t.dtype }));
}

/** 32-bit FNV-1a over the tensors' bytes: equal on two workers unless their values differ. */
function hashTensors(tensors: readonly tf.Tensor[]): number {
  let h = 0x811c9dc5;
  for (const t of tensors) {
    const values = t.dataSync() as Float32Array | Int32Array | Uint8Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return h | 0;
}

function checkSetup(setup: unknown, where: string): asserts setup is WorkerSetup {
  if (setup === null || typeof setup !== 'object') {
    throw new ConfigError(
      where,
      `must return { model, inputShape, loss, optimizer, data }, got ${typeof setup}`,
    );
  }
  const s = setup as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !SETUP_KEYS.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(
      where,
      `returned unknown field '${unknown}'; known fields are ${SETUP_KEYS.join(', ')}`,
    );
  }
  for (const key of ['model', 'inputShape', 'loss', 'optimizer', 'data']) {
    if (s[key] === undefined) throw new ConfigError(where, `returned no '${key}'; every worker needs one`);
  }
  const model = s.model as { init?: unknown; apply?: unknown };
  const optimizer = s.optimizer as { init?: unknown; update?: unknown };
  if (typeof model.init !== 'function' || typeof model.apply !== 'function') {
    throw new ConfigError(where, "'model' must be a Layer ({ init, apply })");
  }
  if (typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function') {
    throw new ConfigError(where, "'optimizer' must be a GradientTransformation ({ init, update })");
  }
  if (typeof s.loss !== 'function')
    throw new ConfigError(where, "'loss' must be a function (yTrue, yPred) => scalar");
}

async function loadSetup(): Promise<WorkerSetup> {
  const mod = (await import(init.module)) as Record<string, unknown>;
  const fn = mod[init.exportName];
  if (typeof fn !== 'function') {
    const names = Object.keys(mod);
    throw new ConfigError(
      `${label}.module`,
      `${init.module} has no function export '${init.exportName}' (its exports: ${names.length ? names.join(', ') : 'none'}); export the setup function under that name or set workers.export`,
    );
  }
  const setup = await (fn as WorkerSetupFunction)({ rank, workers: count, args: init.args, seed: init.seed });
  checkSetup(setup, `${label}: ${init.exportName}() in ${init.module}`);
  return setup;
}

async function run(): Promise<void> {
  const backend = await useBackend(init.backend as BackendChoice);
  const setup = await loadSetup();
  const { model, loss } = setup;
  const optimizer = setup.optimizer as GradientTransformation<unknown>;
  const metrics: Readonly<Record<string, AnyMetric>> = setup.metrics ?? {};
  const keys = setup.keys ?? { x: 'x', y: 'y' };

  // The same generators as the single-process fit, so one worker reproduces it exactly.
  const [initRng, trainRng] = createRng(init.seed).split(2) as [Rng, Rng];
  const epochRngs = trainRng.split(init.epochs);

  let params: TensorTree;
  let state: TensorTree;
  let optState: unknown;
  let step = 0;
  if (init.resumeFrom !== null) {
    const ckpt = loadCheckpoint(init.resumeFrom);
    ({ params, state, optState } = ckpt);
    step = ckpt.step;
  } else if (setup.initialParams) {
    params = setup.initialParams.params;
    state = setup.initialParams.state ?? {};
  } else {
    ({ params, state } = model.init(initRng, setup.inputShape));
  }

  const layout = { params: layoutOf(params, false), state: layoutOf(state, true) };
  const bad = layout.params.find((p) => p.dtype !== 'float32');
  if (bad)
    throw new ConfigError(
      label,
      `param '${bad.key}' is ${bad.dtype}; workers average float32 gradients only`,
    );
  const length = [...layout.params, ...layout.state].reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1),
    0,
  );
  const stepsPerEpoch = knownLength(setup.data);
  post({ type: 'ready', rank, backend: backend.name, layout, stepsPerEpoch: stepsPerEpoch ?? null });

  // Slots: count × length floats, then the average. Allocated by the main thread once the layout is known.
  const { buffer } = await expectMessage('start');
  const group: Group = openGroup(init.control, rank, count);
  const slots = new Float32Array(buffer, 0, count * length);
  const average = new Float32Array(buffer, count * length * Float32Array.BYTES_PER_ELEMENT, length);
  const mySlot = slots.subarray(rank * length, (rank + 1) * length);
  const chunk = Math.ceil(length / count);
  const from = Math.min(length, rank * chunk);
  const to = Math.min(length, from + chunk);
  const offsets: number[] = [];
  {
    let at = 0;
    for (const spec of [...layout.params, ...layout.state]) {
      offsets.push(at);
      at += spec.shape.reduce((a, b) => a * b, 1);
    }
  }
  const specs = [...layout.params, ...layout.state];
  const readLeaf = (i: number): tf.Tensor => {
    const spec = specs[i]!;
    const size = spec.shape.reduce((a, b) => a * b, 1);
    // slice copies: a tensor must never alias shared memory that the next step overwrites.
    return tf.tensor(average.slice(offsets[i]!, offsets[i]! + size), spec.shape as number[], 'float32');
  };
  const writeLeaves = (leaves: readonly tf.Tensor[], first: number, into: Float32Array): void => {
    leaves.forEach((t, j) => {
      into.set(t.dataSync() as Float32Array, offsets[first + j]!);
    });
  };
  const floatStateLeaves = (tree: TensorTree): tf.Tensor[] => {
    const flat = flattenTree(tree);
    return layout.state.map((spec) => {
      const t = flat[spec.key];
      if (t?.dtype !== 'float32' || t.shape.join() !== spec.shape.join()) {
        throw new ShapeError(
          label,
          `model state '${spec.key}' changed from ${spec.dtype} [${spec.shape}] to ${t ? `${t.dtype} [${t.shape}]` : 'missing'} during training; workers average a state of fixed structure`,
        );
      }
      return t;
    });
  };
  /** `tree` with its float32 state leaves read from the shared average. */
  const withAveragedState = (tree: TensorTree): TensorTree => {
    const flat = { ...flattenTree(tree) };
    layout.state.forEach((spec, j) => {
      flat[spec.key] = readLeaf(layout.params.length + j);
    });
    return layout.state.length ? unflattenTree(flat) : tree;
  };

  // Start from rank 0's params and state, whatever each setup did.
  if (rank === 0) {
    writeLeaves(treeLeaves(params), 0, average);
    writeLeaves(floatStateLeaves(state), layout.params.length, average);
  }
  barrier(group);
  if (rank !== 0) {
    const next = unflattenTree(Object.fromEntries(layout.params.map((spec, i) => [spec.key, readLeaf(i)])));
    replaceTree(params, next);
    params = next;
    const nextState = withAveragedState(state);
    replaceTree(state, nextState);
    state = nextState;
  }
  if (init.resumeFrom === null) optState = optimizer.init(params);

  const setParams = (serialized: Serialized): void => {
    const next = deserializeTree(serialized) as TensorTree;
    const got = layoutOf(next, false);
    if (
      got.map((s) => `${s.key}:${s.shape}`).join() !== layout.params.map((s) => `${s.key}:${s.shape}`).join()
    ) {
      disposeDeep(next);
      throw new ShapeError(
        'ctx.setParams',
        'the new params differ in names or shapes from the model being trained; with workers the structure is fixed',
      );
    }
    replaceTree(params, next);
    params = next;
  };

  const numTensors = { start: tf.memory().numTensors };
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

  const timing = { wait: 0, exchange: 0 };
  const timed = <T>(key: 'wait' | 'exchange', fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timing[key] += performance.now() - t0;
    }
  };

  /** One synchronous data-parallel step on this worker's rows of `batch` (undefined: data ended). */
  const trainBatch = (
    x: tf.Tensor | undefined,
    y: tf.Tensor | undefined,
    rng: Rng,
  ): { done: boolean; rows: number; local?: LocalGradients; xs?: tf.Tensor; ys?: tf.Tensor } => {
    const total = x ? x.shape[0]! : -1;
    if (total === 0) throw new DataError(label, `step ${step}: the data yielded an empty batch`);
    // The targets' fingerprint catches setups whose workers see different batches (an unseeded shuffle).
    publishBatch(group, { size: total, fingerprint: y ? hashTensors([y]) : 0 });
    let local: LocalGradients | undefined;
    let xs: tf.Tensor | undefined;
    let ys: tf.Tensor | undefined;
    let rows = 0;
    if (x && y) {
      const [offset, size] = shareOf(total, count, rank);
      rows = size;
      if (size > 0) {
        xs = size === total ? x : tf.slice(x, [offset], [size]);
        ys = size === total ? y : tf.slice(y, [offset], [size]);
        const computed = localGradients(model, loss, params, state, xs, ys, rng);
        local = computed;
        timed('exchange', () => {
          writeLeaves(computed.grads, 0, mySlot);
          writeLeaves(floatStateLeaves(computed.state), layout.params.length, mySlot);
        });
      }
    }
    if (!local) mySlot.fill(0);
    timed('wait', () => barrier(group));
    const seen = readBatches(group);
    if (seen.some((b) => b.size !== seen[0]!.size || b.fingerprint !== seen[0]!.fingerprint)) {
      throw new DataError(
        label,
        `at step ${step} the workers' data gave different global batches (by rank: ${seen.map((b) => (b.size < 0 ? 'none (ended)' : `${b.size} rows, targets #${(b.fingerprint >>> 0).toString(16)}`)).join('; ')}); every worker's setup must build data that yields the same global batches: seed every shuffle with the context's seed and leave the splitting to fit`,
      );
    }
    const sizes = seen.map((b) => b.size);
    if (total < 0) return { done: true, rows: 0 };
    const weights = sizes.map((_, k) => shareOf(total, count, k)[1] / total);
    timed('exchange', () => reduceSlice(slots, length, weights, from, to, average));
    timed('wait', () => barrier(group));

    const grads = timed('exchange', () => layout.params.map((_, i) => readLeaf(i)));
    const gradTree = unflattenTree(Object.fromEntries(layout.params.map((spec, i) => [spec.key, grads[i]!])));
    const next = tf.tidy(() => {
      const { updates, state: nextOptState } = optimizer.update(gradTree, optState, params);
      return {
        params: applyUpdates(params, updates),
        optState: nextOptState,
      } as unknown as tf.TensorContainer;
    }) as unknown as { params: TensorTree; optState: unknown };
    // An optimizer may keep a gradient in its state (tidy in trainStep would keep it too): free the rest.
    const held = tensorsIn(next.optState);
    for (const g of grads) if (!held.has(g)) g.dispose();
    const nextState = withAveragedState(local ? local.state : state);
    if (local) {
      // Leaves of the worker's own new state that the average replaced.
      const keep = new Set([...treeLeaves(nextState), ...treeLeaves(state)]);
      for (const t of treeLeaves(local.state)) if (!keep.has(t)) t.dispose();
      tf.dispose(local.grads);
    }
    replaceTree(params, next.params);
    replaceTree(state, nextState);
    disposeDeep(optState);
    params = next.params;
    state = nextState;
    optState = next.optState;
    return { done: false, rows, ...(local ? { local } : {}), ...(xs ? { xs } : {}), ...(ys ? { ys } : {}) };
  };

  const runEpoch = async (epoch: number): Promise<void> => {
    const epochRng = epochRngs[epoch]!;
    // One worker draws what the single-process loop draws; several draw independent streams.
    const rng = count === 1 ? epochRng : epochRng.split(count)[rank]!;
    const started = performance.now();
    timing.wait = 0;
    timing.exchange = 0;
    let lossSum: tf.Scalar = tf.scalar(0);
    let samples = 0;
    const states: Record<string, unknown> = Object.fromEntries(
      Object.entries(metrics).map(([name, m]) => [name, m.init()]),
    );
    try {
      const batches = iterate(setup.data, epoch)[Symbol.asyncIterator]();
      for (;;) {
        const next = await batches.next();
        const batch = next.done ? undefined : next.value;
        const [x, y] = batch ? batchParts(batch, keys, label) : [undefined, undefined];
        let out: ReturnType<typeof trainBatch>;
        try {
          out = trainBatch(x, y, rng);
        } catch (e) {
          if (batch) disposeBatch(batch);
          throw e;
        }
        if (out.done) break;
        const { local, xs, ys } = out;
        if (local && ys) {
          const nextLoss = tf.tidy(() => tf.add(lossSum, tf.mul(local.loss, out.rows)) as tf.Scalar);
          lossSum.dispose();
          lossSum = nextLoss;
          for (const [name, m] of Object.entries(metrics)) {
            const old = states[name];
            states[name] = m.update(old, ys, local.yPred);
            disposeMetricState(m, old);
          }
          local.loss.dispose();
          local.yPred.dispose();
        }
        if (xs && xs !== x) xs.dispose();
        if (ys && ys !== y) ys.dispose();
        disposeBatch(batch!);
        samples += out.rows;
        step++;
        if (init.batchReports && step % init.logEvery === 0) {
          const lossValue = (await lossSum.data())[0]!;
          const snapshot = rank === 0 ? serializeTree({ params, state }) : undefined;
          post(
            { type: 'batch', rank, step, lossSum: lossValue, samples, ...(snapshot ? { snapshot } : {}) },
            snapshot,
          );
          const reply = await expectMessage('continue');
          if (reply.params) setParams(reply.params);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const validation = setup.validationData ? await validate() : null;
      const lossValue = (await lossSum.data())[0]!;
      const serialized = serializeTree(states);
      for (const [name, m] of Object.entries(metrics)) disposeMetricState(m, states[name]);
      for (const name of Object.keys(states)) delete states[name];
      lossSum.dispose();
      post(
        {
          type: 'epoch',
          rank,
          epoch,
          step,
          lossSum: lossValue,
          samples,
          seconds,
          waitSeconds: timing.wait / 1000,
          exchangeSeconds: timing.exchange / 1000,
          metrics: serialized,
          validation,
          numTensors: tf.memory().numTensors,
          hash: hashTensors(treeLeaves(params)),
        },
        serialized,
        validation?.metrics,
      );
    } finally {
      if (!lossSum.isDisposed) lossSum.dispose();
      for (const [name, m] of Object.entries(metrics))
        if (name in states) disposeMetricState(m, states[name]);
    }
    if (rank === 0) {
      const { parts } = await expectMessage('merge');
      const logs = mergeAndCompute(parts.map((p) => p.metrics));
      const validationLogs = setup.validationData
        ? mergeAndCompute(parts.map((p) => p.validation!.metrics))
        : null;
      const snapshot = serializeTree({ params, state, optState });
      post({ type: 'merged', rank, logs, validationLogs, snapshot }, snapshot);
    }
  };

  /** This worker's rows of every validation batch: summed loss, rows and metric states. */
  const validate = async (): Promise<ValidationPart> => {
    let lossSum: tf.Scalar = tf.scalar(0);
    let rows = 0;
    const states: Record<string, unknown> = Object.fromEntries(
      Object.entries(metrics).map(([name, m]) => [name, m.init()]),
    );
    for await (const batch of iterate(setup.validationData!)) {
      const [x, y] = batchParts(batch, keys, label);
      const [offset, size] = shareOf(x.shape[0]!, count, rank);
      if (size > 0) {
        const xs = size === x.shape[0] ? x : tf.slice(x, [offset], [size]);
        const ys = size === y.shape[0] ? y : tf.slice(y, [offset], [size]);
        const yPred = tf.tidy(() => model.apply(params, xs, { training: false, state }).y);
        const next = tf.tidy(() => tf.add(lossSum, tf.mul(loss(ys, yPred), size)) as tf.Scalar);
        lossSum.dispose();
        lossSum = next;
        for (const [name, m] of Object.entries(metrics)) {
          const old = states[name];
          states[name] = m.update(old, ys, yPred);
          disposeMetricState(m, old);
        }
        yPred.dispose();
        if (xs !== x) xs.dispose();
        if (ys !== y) ys.dispose();
        rows += size;
      }
      disposeBatch(batch);
    }
    const total = (await lossSum.data())[0]!;
    lossSum.dispose();
    const serialized = serializeTree(states);
    for (const [name, m] of Object.entries(metrics)) disposeMetricState(m, states[name]);
    return { lossSum: total, count: rows, metrics: serialized };
  };

  /** Merges the workers' metric states in rank order with each metric's `merge`, then computes. */
  const mergeAndCompute = (parts: readonly Serialized[]): Record<string, unknown> => {
    const trees = parts.map((p) => deserializeTree(p) as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(metrics)) {
      let acc = trees[0]![name];
      for (const tree of trees.slice(1)) {
        const merged = m.merge(acc, tree[name]);
        disposeMetricState(m, acc);
        disposeMetricState(m, tree[name]);
        acc = merged;
      }
      out[name] = m.compute(acc);
      disposeMetricState(m, acc);
    }
    return out;
  };

  for (;;) {
    const message = await receive();
    if (message.type === 'finish') break;
    if (message.type !== 'epoch')
      throw new Error(`${label}: worker ${rank} got '${message.type}' between epochs`);
    if (message.params) setParams(message.params);
    await runEpoch(message.epoch);
  }
  disposeDeep([params, state, optState]);
  post({ type: 'done', rank, numTensors: tf.memory().numTensors });
}

run().catch((error: unknown) => {
  // A worker released from a barrier by someone else's failure stays quiet: that one reports.
  if (error instanceof GroupAborted) return;
  abortGroup(new Int32Array(init.control));
  post({ type: 'error', rank, error: toRemoteError(error) });
});
