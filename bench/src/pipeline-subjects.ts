import { mnist } from '@strata/data/node';
import * as tf from '@tensorflow/tfjs-core';
import { activate, type Env } from './env.js';
import type { ChunkResult, Subject } from './subject.js';

type Batches = AsyncIterableIterator<Record<string, tf.Tensor>>;
type Mnist = Awaited<ReturnType<typeof mnist>>;

let shared: Promise<{ data: Mnist; seconds: number }> | undefined;

/** `mnist()` once per process (the IDX files are parsed and split; the time is reported). */
export function loadMnist(): Promise<{ data: Mnist; seconds: number }> {
  shared ??= (async () => {
    const started = performance.now();
    const data = await mnist({ seed: 0 });
    return { data, seconds: (performance.now() - started) / 1000 };
  })();
  return shared;
}

/**
 * The data pipeline alone: `mnist()` train (55,000 images) → `shuffle('all')` → `batch(64)` →
 * `prefetch(2)`, batches pulled as fast as a training loop could take them and disposed, epochs
 * restarting as they end. Batches/s here bounds `fit`'s step rate from the data side.
 */
export function pipelineSubject(env: Env): Subject {
  let epoch = 0;
  let iterator: Batches | undefined;
  const pull = async (): Promise<void> => {
    for (;;) {
      if (!iterator) {
        const { data } = await loadMnist();
        iterator = data.train
          .shuffle('all', { seed: 0 })
          .batch(64)
          .prefetch(2)
          .iterate({ epoch: epoch++ }) as Batches;
      }
      const next = await iterator.next();
      if (!next.done) {
        tf.dispose(Object.values(next.value));
        return;
      }
      iterator = undefined;
    }
  };
  const run = async (seconds: number, minSteps: number): Promise<ChunkResult> => {
    await activate(env);
    const before = tf.memory().numTensors;
    let rss = process.memoryUsage.rss();
    let steps = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (steps < minSteps || performance.now() - started < seconds * 1000) {
      await pull();
      steps++;
      if (steps % 16 === 0) rss = Math.max(rss, process.memoryUsage.rss());
    }
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      steps,
      samples: steps,
      seconds: elapsed,
      cpuSeconds: (used.user + used.system) / 1e6,
      rss,
      tensors: [before, tf.memory().numTensors],
    };
  };
  return {
    id: `strata/data/pipeline/${env.backend}`,
    library: 'Strata',
    backend: env.backend,
    model: 'data',
    task: 'pipeline',
    batch: 64,
    unit: 'batches',
    note: "mnist() train → shuffle('all') → batch(64) → prefetch(2)",
    async setup() {
      await loadMnist();
    },
    warmup: (seconds) => run(seconds, 3),
    chunk: (seconds) => run(seconds, 1),
    async teardown() {
      await iterator?.return?.();
      iterator = undefined;
    },
  };
}
