import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { HostBatch } from './data.js';
import { activate, type Env } from './env.js';
import { type ChunkResult, ImpossibleError, type ModelName, type Subject, timeSteps } from './subject.js';

type Tfl = typeof import('@tensorflow/tfjs-layers');

/**
 * The same two models in tfjs-layers, as its tutorials write them: a softmax output trained with
 * `categoricalCrossentropy` on one-hot labels (tfjs-layers has no from-logits option; one-hot labels
 * prepared in advance spare it the `oneHot` that Strata's loss runs inside the step).
 */
function build(tfl: Tfl, name: ModelName): LayersModel {
  const layers =
    name === 'cnn'
      ? [
          tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 64, activation: 'relu' }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ]
      : [
          tfl.layers.flatten({ inputShape: [28, 28, 1] }),
          tfl.layers.dense({ units: 256, activation: 'relu' }),
          tfl.layers.dense({ units: 128, activation: 'relu' }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ];
  const model = tfl.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Disposes the weights and the optimizer's slots (not owned by the model when passed as an instance). */
function disposeModel(model: LayersModel | undefined): void {
  if (!model) return;
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}

/** "tfjs-layers" or, with Strata's wasm kernels registered, "tfjs-layers + Strata kernels". */
export function tfjsLibrary(env: Env): string {
  return env.strataKernels ? 'tfjs-layers + Strata kernels' : 'tfjs-layers';
}

function envTag(env: Env): string {
  return env.strataKernels ? `${env.backend}+strata-kernels` : env.backend;
}

interface Options {
  readonly tfl: Tfl;
  readonly model: ModelName;
  readonly env: Env;
  readonly batches: readonly HostBatch[];
  readonly slow?: boolean;
}

/**
 * tfjs-layers training with `model.trainOnBatch` (what `model.fit` runs per batch, without fit's
 * slicing, callbacks and per-epoch bookkeeping: the faster of the two, so the stricter baseline). It
 * reads the loss back every step, as `fit` does.
 */
export function tfjsTrain(options: Options): Subject {
  const { tfl, model: name, env, batches } = options;
  let model: LayersModel | undefined;
  let data: { x: tf.Tensor; y: tf.Tensor }[] = [];
  let next = 0;
  let lastLoss: number | undefined;
  const dispose = () => {
    disposeModel(model);
    model = undefined;
    tf.dispose(data.flatMap((d) => [d.x, d.y]));
    data = [];
  };
  const step = async () => {
    const { x, y } = data[next++ % data.length]!;
    const out = await model!.trainOnBatch(x, y);
    lastLoss = Array.isArray(out) ? out[0] : out;
  };
  const run = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    await activate(env);
    return timeSteps(step, () => lastLoss, batches[0]!.size, seconds, minSteps);
  };
  return {
    id: `tfjs-layers/${name}/train/${envTag(env)}`,
    library: tfjsLibrary(env),
    backend: env.backend,
    model: name,
    task: 'train',
    batch: batches[0]!.size,
    ...(options.slow ? { slow: true } : {}),
    async setup() {
      await activate(env);
      model = build(tfl, name);
      data = batches.map((b) => ({
        x: tf.tensor4d(b.x, [b.size, 28, 28, 1]),
        y: tf.tensor2d(b.oneHot, [b.size, 10]),
      }));
      // One step now, so a backend that cannot train this model says so before any timing. The ~25 s
      // steps on stock cpu take it on two rows of the first batch instead (about a second): it
      // creates the optimizer's slots and compiles the kernels' code, which would otherwise fall on
      // the first timed step of the first pass only.
      try {
        if (options.slow) {
          const { x, y } = data[0]!;
          const [xs, ys] = [tf.slice(x, 0, 2), tf.slice(y, 0, 2)];
          await model.trainOnBatch(xs, ys);
          tf.dispose([xs, ys]);
          return;
        }
        await step();
      } catch (error) {
        dispose();
        throw new ImpossibleError(error instanceof Error ? error.message : String(error));
      }
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      dispose();
    },
  };
}

/**
 * tfjs-layers inference: `model.predict` on a batch of 256 with `batchSize` the whole batch (its
 * default of 32 would split each batch into 8 and time the slicing and concatenation too).
 */
export function tfjsInfer(options: Options): Subject {
  const { tfl, model: name, env, batches } = options;
  let model: LayersModel | undefined;
  let data: tf.Tensor[] = [];
  let last: tf.Tensor | undefined;
  let next = 0;
  const step = () => {
    const x = data[next++ % data.length]!;
    const y = model!.predict(x, { batchSize: x.shape[0]! }) as tf.Tensor;
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
    id: `tfjs-layers/${name}/infer/${envTag(env)}`,
    library: tfjsLibrary(env),
    backend: env.backend,
    model: name,
    task: 'infer',
    batch: batches[0]!.size,
    async setup() {
      await activate(env);
      model = build(tfl, name);
      data = batches.map((b) => tf.tensor4d(b.x, [b.size, 28, 28, 1]));
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      disposeModel(model);
      model = undefined;
      tf.dispose([...data, ...(last ? [last] : [])]);
      last = undefined;
      data = [];
    },
  };
}
