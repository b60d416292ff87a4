import { createRng, type Rng, type TensorTree, treeLeaves } from '@strata/core';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { type AdamState, adam } from '@strata/optim';
import { disposeDeep, trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import type { HostBatch } from './data.js';
import { activate, type Env } from './env.js';
import { benchModel } from './models.js';
import { type ChunkResult, type ModelName, type Subject, timeSteps } from './subject.js';

const INPUT_SHAPE = [null, 28, 28, 1] as const;

/** Disposes the leaves of `old` that `next` does not reuse (as `fit` does). */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

interface Options {
  readonly model: ModelName;
  readonly env: Env;
  readonly batches: readonly HostBatch[];
}

/**
 * Strata's training step (`trainStep` from @strata/train, as `fit` runs it): forward, sparse
 * categorical cross-entropy from logits, gradients, Adam 1e-3, params replaced; no read from the
 * device inside the loop. Batches are prepared tensors, so the step alone is timed (the data pipeline
 * has its own row).
 */
export function strataTrain(options: Options): Subject {
  const { model: name, env, batches } = options;
  const model = benchModel(name);
  const loss = sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = adam({ learningRate: 1e-3 });
  let params: TensorTree = {};
  let state: TensorTree = {};
  let optState: AdamState | undefined;
  let lastLoss: tf.Scalar | undefined;
  let data: { x: tf.Tensor; y: tf.Tensor }[] = [];
  let next = 0;
  let rng: Rng = createRng(1);

  const step = () => {
    const { x, y } = data[next++ % data.length]!;
    const out = trainStep(model, loss, optimizer, params, state, optState!, x, y, rng);
    replaceTree(params, out.params);
    replaceTree(state, out.state);
    disposeDeep(optState);
    params = out.params;
    state = out.state;
    optState = out.optState;
    lastLoss?.dispose();
    lastLoss = out.loss;
    out.yPred.dispose();
  };
  const run = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    await activate(env);
    return timeSteps(step, () => lastLoss?.dataSync()[0], batches[0]!.size, seconds, minSteps);
  };
  return {
    id: `strata/${name}/train/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: name,
    task: 'train',
    batch: batches[0]!.size,
    async setup() {
      await activate(env);
      ({ params, state } = model.init(createRng(0), INPUT_SHAPE));
      optState = optimizer.init(params);
      rng = createRng(1);
      data = batches.map((b) => ({
        x: tf.tensor4d(b.x, [b.size, 28, 28, 1]),
        y: tf.tensor1d(b.labels, 'int32'),
      }));
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      disposeDeep([params, state, optState, lastLoss, data]);
      lastLoss = undefined;
      data = [];
    },
  };
}

/** Strata's inference: `model.apply` with `training: false` inside `tidy`, batch 256. */
export function strataInfer(options: Options): Subject {
  const { model: name, env, batches } = options;
  const model = benchModel(name);
  let params: TensorTree = {};
  let state: TensorTree = {};
  let data: tf.Tensor[] = [];
  let last: tf.Tensor | undefined;
  let next = 0;
  const step = () => {
    const x = data[next++ % data.length]!;
    const y = tf.tidy(() => model.apply(params, x, { training: false, state }).y);
    last?.dispose();
    last = y;
  };
  const run = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    await activate(env);
    return timeSteps(
      step,
      () => {
        last?.dataSync();
        return undefined;
      },
      batches[0]!.size,
      seconds,
      minSteps,
    );
  };
  return {
    id: `strata/${name}/infer/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: name,
    task: 'infer',
    batch: batches[0]!.size,
    async setup() {
      await activate(env);
      ({ params, state } = model.init(createRng(0), INPUT_SHAPE));
      data = batches.map((b) => tf.tensor4d(b.x, [b.size, 28, 28, 1]));
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      disposeDeep([params, state, data, last]);
      last = undefined;
      data = [];
    },
  };
}
