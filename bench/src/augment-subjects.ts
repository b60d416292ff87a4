import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { strataPlugin } from '@strata/cli';
import { createRegistry, createRng, type Layer, type Rng, type TensorTree, treeLeaves } from '@strata/core';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { type AdamState, adam } from '@strata/optim';
import { disposeDeep, trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { activate, type Env } from './env.js';
import { loadMnist } from './pipeline-subjects.js';
import { type ChunkResult, type Subject, timeSteps } from './subject.js';

/** The batch size of the `fashion-mnist` preset, which both subjects use. */
export const AUGMENT_BATCH = 128;

type Batches = AsyncIterableIterator<Record<string, tf.Tensor>>;
type ImageAugmentation = (batch: { x: tf.Tensor4D }, rng: Rng) => { x: tf.Tensor4D };

interface Preset {
  readonly model: { readonly id: string } & Record<string, unknown>;
  readonly augment: readonly ({ readonly id: string } & Record<string, unknown>)[];
}

/** The `fashion-mnist` preset as @strata/cli ships it, so the bench times the network and augmentations it names. */
function readPreset(): Preset {
  const cli = createRequire(import.meta.url).resolve('@strata/cli/package.json');
  return JSON.parse(readFileSync(join(dirname(cli), 'presets', 'fashion-mnist.json'), 'utf8')) as Preset;
}

const registry = createRegistry().use(strataPlugin());

function presetModel(): Layer {
  const { id, ...options } = readPreset().model;
  return registry.create(id, options) as Layer;
}

function presetAugmentations(): ImageAugmentation[] {
  return readPreset().augment.map(({ id, ...options }) => registry.create(id, options) as ImageAugmentation);
}

/** Disposes the leaves of `old` that `next` does not reuse (as `fit` does). */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/**
 * The augmented training pipeline of the `fashion-mnist` preset: `mnist()` train (28×28×1 like
 * Fashion-MNIST; augmentation cost does not depend on the pixels) → `shuffle('all')` → `batch(128)` →
 * `prefetch(2)` → the preset's augmentations in order on the device (random horizontal flip),
 * each epoch's generator from the seed and the epoch as `strata train` does. Timed as samples/s until
 * the augmented images are read back.
 */
export function augmentedPipelineSubject(env: Env): Subject {
  let epoch = 0;
  let iterator: Batches | undefined;
  let rng: Rng = createRng(0);
  let last: tf.Tensor | undefined;
  let augmentations: ImageAugmentation[] = [];
  const step = async (): Promise<void> => {
    for (;;) {
      if (!iterator) {
        const { data } = await loadMnist();
        rng = createRng(epoch);
        iterator = data.train
          .shuffle('all', { seed: 0 })
          .batch(AUGMENT_BATCH)
          .prefetch(2)
          .iterate({ epoch: epoch++ }) as Batches;
      }
      const next = await iterator.next();
      if (next.done) {
        iterator = undefined;
        continue;
      }
      const { x, ...rest } = next.value;
      let images = x as tf.Tensor4D;
      for (const augment of augmentations) {
        const out = augment({ x: images }, rng).x;
        images.dispose();
        images = out;
      }
      tf.dispose(Object.values(rest));
      last?.dispose();
      last = images;
      return;
    }
  };
  const run = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    await activate(env);
    // A partial last batch would count as a full one; 55,000 / 128 leaves one in 430 steps.
    return timeSteps(
      step,
      () => {
        last?.dataSync();
        return undefined;
      },
      AUGMENT_BATCH,
      seconds,
      minSteps,
    );
  };
  return {
    id: `strata/augment/pipeline/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: 'data',
    task: 'augment',
    batch: AUGMENT_BATCH,
    note: "mnist() train → shuffle('all') → batch(128) → prefetch(2) → the fashion-mnist preset's augmentations",
    async setup() {
      await activate(env);
      augmentations = presetAugmentations();
      await loadMnist();
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      await iterator?.return?.();
      iterator = undefined;
      last?.dispose();
      last = undefined;
    },
  };
}

/**
 * The `fashion-mnist` preset's CNN training step (`trainStep`, sparse categorical cross-entropy from
 * logits, Adam 2e-3) on prepared batches of 128 MNIST training images: what the augmented pipeline
 * has to keep fed.
 */
export function presetCnnTrainSubject(env: Env): Subject {
  const model = presetModel();
  const loss = sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = adam({ learningRate: 2e-3 });
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
    return timeSteps(step, () => lastLoss?.dataSync()[0], AUGMENT_BATCH, seconds, minSteps);
  };
  return {
    id: `strata/fashion-cnn/train/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: 'fashion-cnn',
    task: 'augment',
    batch: AUGMENT_BATCH,
    note: "the fashion-mnist preset's CNN (conv32-pool-conv64-pool-conv64-dense128, batch norm, dropout)",
    async setup() {
      await activate(env);
      ({ params, state } = model.init(createRng(0), [null, 28, 28, 1]));
      optState = optimizer.init(params);
      rng = createRng(1);
      const { data: mnist } = await loadMnist();
      const batches = await mnist.train.batch(AUGMENT_BATCH).take(4).toArray();
      data = batches.map((b) => ({ x: b.x as tf.Tensor, y: b.y as tf.Tensor }));
    },
    warmup: (seconds) => run(seconds, 2),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      disposeDeep([params, state, optState, lastLoss, data]);
      lastLoss = undefined;
      data = [];
    },
  };
}
