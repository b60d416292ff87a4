import { assertInteger, assertKnownKeys, assertNumber, ConfigError, DataError } from '@strata/core';
import type { Dataset } from './dataset.js';
import { fromArray } from './from-array.js';
import { holdout } from './holdout.js';
import type { Sample } from './types.js';

/** One MNIST part as stored: `count` 28×28 uint8 images (row-major, 0 = background) and their labels. */
export interface MnistPart {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The official MNIST training (60,000) and test (10,000) parts. */
export interface MnistArrays {
  readonly train: MnistPart;
  readonly test: MnistPart;
}

/** One MNIST example: a 28×28×1 image (NHWC without the batch) and its digit. */
export interface MnistRecord {
  readonly x: Sample<Float32Array>;
  readonly y: number;
}

/** Options of `mnist` / `mnistFromArrays`. */
export interface MnistOptions {
  /**
   * Training images held out for validation: a count (default 5000, as Keras's MNIST examples do) or a
   * share in (0, 1); 0 for none.
   */
  readonly validation?: number;
  /** Seed of the validation split (default 0). */
  readonly seed?: number;
  /** Scale pixels to [0, 1] (default true); false keeps 0…255 as floats. */
  readonly normalize?: boolean;
  /** Keep each digit's share in the validation set equal to its share in the training set (default true). */
  readonly stratify?: boolean;
}

/** MNIST as datasets of `MnistRecord` (`y` batches to int32), with the split's indices into `arrays.train`. */
export interface Mnist {
  readonly train: Dataset<MnistRecord>;
  readonly validation: Dataset<MnistRecord>;
  /** The 10,000 official test images. */
  readonly test: Dataset<MnistRecord>;
  /** Positions in the official training set of the train and validation images, ascending. */
  readonly indices: { readonly train: Int32Array; readonly validation: Int32Array };
}

export const MNIST_OPTIONS = ['validation', 'seed', 'normalize', 'stratify'] as const;
const PIXELS = 28 * 28;
const SHAPE: readonly number[] = Object.freeze([28, 28, 1]);

function checkPart(part: MnistPart, name: string, label: string): void {
  const { images, labels, count } = part;
  if (!(images instanceof Uint8Array) || !(labels instanceof Uint8Array)) {
    throw new DataError(label, `${name}: images and labels must be Uint8Arrays`);
  }
  if (images.length !== count * PIXELS || labels.length !== count) {
    throw new DataError(
      label,
      `${name}: ${count} examples need ${count * PIXELS} pixels and ${count} labels, got ${images.length} and ${labels.length}`,
    );
  }
  const bad = labels.findIndex((y) => y > 9);
  if (bad >= 0) throw new DataError(label, `${name}: label ${bad} is ${labels[bad]}, not a digit 0…9`);
}

function records(part: MnistPart, indices: Int32Array, normalize: boolean): Dataset<MnistRecord> {
  // Records are made on demand from the uint8 pixels (47 MB for the training set, not 188 MB of floats).
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = normalize ? v / 255 : v;
  const { images, labels } = part;
  return fromArray(indices)
    .map((i): MnistRecord => {
      const values = new Float32Array(PIXELS);
      const offset = i * PIXELS;
      for (let k = 0; k < PIXELS; k++) values[k] = lut[images[offset + k]!]!;
      return { x: { values, shape: SHAPE }, y: labels[i]! };
    })
    .withDtypes({ y: 'int32' });
}

/** `mnistFromArrays` with the caller's name in error messages. */
export function buildMnist(arrays: MnistArrays, options: MnistOptions, label: string): Mnist {
  assertKnownKeys(options, MNIST_OPTIONS, `${label}(options)`);
  const { validation = 5000, seed = 0, normalize = true, stratify = true } = options;
  checkPart(arrays.train, 'train', label);
  checkPart(arrays.test, 'test', label);
  const n = arrays.train.count;
  assertNumber(validation, `${label}({validation})`, { min: 0 });
  if (validation >= 1) {
    assertInteger(validation, `${label}({validation})`);
    if (validation >= n) {
      throw new ConfigError(
        `${label}({validation})`,
        `must be below the ${n} training images, got ${validation}`,
      );
    }
  }
  assertInteger(seed, `${label}({seed})`, 0);
  if (typeof normalize !== 'boolean')
    throw new ConfigError(`${label}({normalize})`, `must be a boolean, got ${typeof normalize}`);
  if (typeof stratify !== 'boolean')
    throw new ConfigError(`${label}({stratify})`, `must be a boolean, got ${typeof stratify}`);

  const all = Array.from({ length: n }, (_, i) => i);
  const labels = arrays.train.labels;
  const size = validation > 0 && validation < 1 ? { fraction: validation } : { count: validation };
  const split = holdout(all, {
    ...size,
    seed,
    ...(stratify ? { stratifyBy: (i: number) => labels[i]! } : {}),
  });
  const trainIndices = Int32Array.from(split.train);
  const validationIndices = Int32Array.from(split.test);
  const testIndices = Int32Array.from({ length: arrays.test.count }, (_, i) => i);
  return {
    train: records(arrays.train, trainIndices, normalize),
    validation: records(arrays.train, validationIndices, normalize),
    test: records(arrays.test, testIndices, normalize),
    indices: { train: trainIndices, validation: validationIndices },
  };
}

/**
 * MNIST datasets from arrays already in memory (e.g. fetched IDX files parsed with `readIdx` in a
 * browser). In Node, `mnist()` from `@strata/data/node` reads the bundled files.
 *
 * @example
 * ```ts
 * import { mnistFromArrays } from '@strata/data';
 *
 * // Stand-in arrays (blank images, labels 0…9 in turn); in Node, mnistArrays() reads the real ones.
 * const part = (count: number) => ({
 *   images: new Uint8Array(count * 784),
 *   labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
 *   count,
 * });
 * const { train, validation, test } = mnistFromArrays({ train: part(100), test: part(20) }, { validation: 10, seed: 0 });
 * [train.size, validation.size, test.size]; // => [90, 10, 20]
 * const [batch] = await train.shuffle('all', { seed: 0 }).batch(32).take(1).toArray();
 * batch!.x.shape; // => [32, 28, 28, 1]
 * batch!.x.dtype; // => 'float32'
 * batch!.y.dtype; // => 'int32'
 * ```
 */
export function mnistFromArrays(arrays: MnistArrays, options: MnistOptions = {}): Mnist {
  return buildMnist(arrays, options, 'mnistFromArrays');
}
