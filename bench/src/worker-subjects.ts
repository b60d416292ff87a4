import type { Logs } from '@strata/core';
import { disposeDeep, fit } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentModel } from './recurrent-subjects.js';
import type { RecurrentWorkerArgs } from './recurrent-worker-setup.js';
import type { ScalingArgs } from './scaling-setup.js';
import type { ChunkResult, Subject } from './subject.js';

const BATCH = 64;

/** What a workers subject trains: the worker setup module and its args. */
interface Workload {
  readonly model: 'cnn' | 'imdb-lstm' | 'imdb-gru';
  readonly module: URL;
  readonly args: ScalingArgs | RecurrentWorkerArgs;
  /** Global batches of 64 per epoch: about a second of training at 2 workers. */
  readonly batchesPerEpoch: number;
}

const cnn: Workload = {
  model: 'cnn',
  module: new URL('./scaling-setup.ts', import.meta.url),
  args: { model: 'cnn', batch: BATCH, batches: 40 },
  batchesPerEpoch: 40,
};

function recurrent(cell: RecurrentModel): Workload {
  return {
    model: `imdb-${cell}`,
    module: new URL('./recurrent-worker-setup.ts', import.meta.url),
    args: { cell, batches: 12 },
    batchesPerEpoch: 12,
  };
}

/** The imdb recurrent model over 2 workers, the multi-core configuration of the recurrent group. */
export function strataRecurrentWorkersTrain(count: number, cell: RecurrentModel): Subject {
  return strataWorkersTrain(count, recurrent(cell));
}

/**
 * Strata's data-parallel training (`fit({ workers })`, each worker its own `wasm` backend, the global
 * batch of 64 split across them, gradients averaged every step) of the seed CNN (or another
 * workload): the configuration
 * that uses both cores. A chunk is one `fit` call from scratch: its first epoch (starting the workers,
 * loading MNIST and the wasm module in each, JIT warm-up) is left out, and the chunk times the epochs
 * after it, from the end of epoch 1 to the end of the last, wall clock and CPU time of the whole
 * process (the workers' threads included), read in `onEpochEnd` on the main thread. Enough epochs
 * follow to fill the chunk's seconds at the rate of the previous chunk.
 */
export function strataWorkersTrain(count: number, workload: Workload = cnn): Subject {
  const { model, module, args, batchesPerEpoch } = workload;
  let epochSeconds = 1;
  const run = async (seconds: number): Promise<ChunkResult> => {
    const timedEpochs = Math.max(2, Math.ceil(seconds / epochSeconds));
    const before = tf.memory().numTensors;
    let mark: { wall: number; cpu: NodeJS.CpuUsage } | undefined;
    let rss = process.memoryUsage.rss();
    let last: Logs | undefined;
    const result = await fit({
      workers: { count, module, args, backend: 'wasm' },
      epochs: 1 + timedEpochs,
      callbacks: [
        {
          onEpochEnd(epoch, logs) {
            rss = Math.max(rss, process.memoryUsage.rss());
            if (epoch === 0) mark = { wall: performance.now(), cpu: process.cpuUsage() };
            last = logs;
          },
        },
      ],
    });
    const wall = (performance.now() - mark!.wall) / 1000;
    const cpu = process.cpuUsage(mark!.cpu);
    disposeDeep([result.params, result.state, result.optState]);
    const samples = timedEpochs * batchesPerEpoch * BATCH;
    epochSeconds = wall / timedEpochs;
    return {
      steps: timedEpochs * batchesPerEpoch,
      samples,
      seconds: wall,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rss,
      tensors: [before, tf.memory().numTensors],
      ...(last?.loss === undefined ? {} : { loss: last.loss }),
    };
  };
  return {
    id: `strata/${model}/train/wasm-${count}-workers`,
    library: 'Strata',
    backend: `wasm, ${count} workers`,
    model,
    task: 'train',
    batch: BATCH,
    note: `\`fit({ workers: { count: ${count} } })\`; each chunk a fresh run, its first epoch untimed`,
    async setup() {},
    warmup: run,
    chunk: run,
    async teardown() {},
  };
}
