import { createRng, type Layer, type Rng, type TensorTree, treeLeaves } from '@strata/core';
import { dense, embedding, gru, lstm, sequential } from '@strata/layers';
import { binaryCrossentropy } from '@strata/losses';
import { type AdamState, adam } from '@strata/optim';
import { disposeDeep, trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { activate, type Env } from './env.js';
import type { ChunkResult, Subject } from './subject.js';

/** Keras' `imdb_lstm` example: 20,000-word vocabulary, 128-wide embedding and state, 80 steps. */
export const IMDB = { vocabulary: 20_000, width: 128, steps: 80, batch: 64 } as const;

export type RecurrentModel = 'lstm' | 'gru';

/** embedding 20,000×128 → lstm 128 (or gru 128) → dense 1 (a logit). */
export function imdbModel(cell: RecurrentModel): Layer {
  const rnn = cell === 'lstm' ? lstm({ units: IMDB.width }) : gru({ units: IMDB.width });
  return sequential([
    embedding({ inputDim: IMDB.vocabulary, outputDim: IMDB.width }),
    rnn,
    dense({ units: 1 }),
  ]);
}

/** Synthetic token ids and labels, the same for every library (a fixed linear congruential stream). */
export function imdbBatches(count: number): { ids: Int32Array; labels: Float32Array }[] {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
  return Array.from({ length: count }, () => ({
    ids: Int32Array.from({ length: IMDB.batch * IMDB.steps }, () => next() % IMDB.vocabulary),
    labels: Float32Array.from({ length: IMDB.batch }, () => next() % 2),
  }));
}

/** Disposes the leaves of `old` that `next` does not reuse (as `fit` does). */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

async function timeSteps(
  step: () => void,
  sync: () => number | undefined,
  seconds: number,
  minSteps: number,
) {
  const before = tf.memory().numTensors;
  let rss = process.memoryUsage.rss();
  let steps = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (steps < minSteps || performance.now() - started < seconds * 1000) {
    step();
    steps++;
    rss = Math.max(rss, process.memoryUsage.rss());
  }
  const loss = sync();
  const used = process.cpuUsage(cpu);
  const result: ChunkResult = {
    steps,
    samples: steps * IMDB.batch,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    rss,
    tensors: [before, tf.memory().numTensors],
    ...(loss === undefined ? {} : { loss }),
  };
  return result;
}

/**
 * Strata training the imdb shape: `trainStep` (as `fit` runs it), binary cross-entropy from the
 * logit, Adam 1e-3, batch 64 of 80 synthetic token ids.
 */
export function strataRecurrentTrain(cell: RecurrentModel, env: Env): Subject {
  const model = imdbModel(cell);
  const loss = binaryCrossentropy({ fromLogits: true });
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
    return timeSteps(step, () => lastLoss?.dataSync()[0], seconds, minSteps);
  };
  return {
    id: `strata/imdb-${cell}/train/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: `imdb-${cell}` as const,
    task: 'train',
    batch: IMDB.batch,
    async setup() {
      await activate(env);
      ({ params, state } = model.init(createRng(0), [null, IMDB.steps]));
      optState = optimizer.init(params);
      rng = createRng(1);
      data = imdbBatches(4).map((b) => ({
        x: tf.tensor2d(b.ids, [IMDB.batch, IMDB.steps], 'int32'),
        y: tf.tensor2d(b.labels, [IMDB.batch, 1]),
      }));
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
