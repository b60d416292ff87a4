import * as tf from '@tensorflow/tfjs-core';

export type ModelName = 'cnn' | 'mlp';
/** Keras' imdb_lstm shape with an LSTM or a GRU (recurrent-subjects.ts). */
export type RecurrentModelName = 'imdb-lstm' | 'imdb-gru';
export type Task = 'train' | 'infer' | 'pipeline' | 'augment';

/** One timed chunk: at least the chunk's seconds of back-to-back steps, ended by a device sync. */
export interface ChunkResult {
  readonly steps: number;
  readonly samples: number;
  readonly seconds: number;
  /**
   * CPU time the process used meanwhile (user + system, all threads). On a machine shared with other
   * work, samples per CPU-second move much less than samples per second.
   */
  readonly cpuSeconds?: number;
  /** The last step's training loss (read after timing stopped). */
  readonly loss?: number;
  /** Highest resident set size seen during the chunk, bytes. */
  readonly rss?: number;
  /**
   * `tf.memory().numTensors` before and after the chunk (Node subjects). Only this subject runs in
   * between, so the difference is its leak.
   */
  readonly tensors?: readonly [number, number];
}

/**
 * A thing to time: one library, model, task and backend. The runner calls `setup`, `warmup`, then
 * `chunk` once per round, alternating with the other subjects of its group, then `teardown`.
 */
export interface Subject {
  readonly id: string;
  readonly library: string;
  readonly backend: string;
  readonly model: ModelName | RecurrentModelName | 'data' | 'fashion-cnn';
  readonly task: Task;
  readonly batch: number;
  /** What a step is called in the report ('samples' or 'batches'). */
  readonly unit?: 'samples' | 'batches';
  /** One step per chunk, no warm-up, only `cpuCnnRounds` rounds (steps of ~25 s). */
  readonly slow?: boolean;
  /** A line for the report (how it is measured). */
  readonly note?: string;
  setup(): Promise<void>;
  warmup(seconds: number): Promise<ChunkResult>;
  chunk(seconds: number): Promise<ChunkResult>;
  teardown(): Promise<void>;
}

/** A subject that cannot run here, with the reason (e.g. stock tfjs-layers training a CNN on wasm). */
export class ImpossibleError extends Error {}

/**
 * Runs `step` back to back until `seconds` have passed (and at least `minSteps`), then `sync` (a read
 * from the device, so queued work is counted; cpu and wasm run kernels synchronously anyway).
 */
export async function timeSteps(
  step: () => void | Promise<void>,
  sync: () => number | undefined,
  batch: number,
  seconds: number,
  minSteps = 1,
): Promise<ChunkResult> {
  const before = tf.memory().numTensors;
  let rss = process.memoryUsage.rss();
  let steps = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (steps < minSteps || elapsed < seconds * 1000) {
    await step();
    steps++;
    rss = Math.max(rss, process.memoryUsage.rss());
    elapsed = performance.now() - started;
  }
  const loss = sync();
  const total = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    steps,
    samples: steps * batch,
    seconds: total,
    cpuSeconds: (used.user + used.system) / 1e6,
    rss,
    tensors: [before, tf.memory().numTensors],
    ...(loss === undefined ? {} : { loss }),
  };
}
