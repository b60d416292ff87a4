import { assertInteger, assertKnownKeys, ConfigError, createRng, type Rng } from '@strata/core';

/** One fold of a cross-validation split: `test` is the fold, `train` the rest, each in input order. */
export interface Fold<T> {
  readonly train: T[];
  readonly test: T[];
  /** The input positions of `train` and `test`. */
  readonly trainIndices: number[];
  readonly testIndices: number[];
}

/** The options every k-fold split takes: the number of folds and the randomness. */
export interface KFoldOptions {
  /** The number of folds, at least 2. */
  readonly k: number;
  /** Integer seed for the assignment. */
  readonly seed?: number;
  /** Or a generator to draw it from. */
  readonly rng?: Rng;
}

/** Parses the shared options; `extra` are the keys a split adds. */
export function parseFoldOptions(
  items: unknown,
  options: KFoldOptions,
  label: string,
  extra: readonly string[] = [],
): Rng {
  if (!Array.isArray(items)) throw new ConfigError(`${label}(items)`, 'items must be an array');
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`${label}(items, options)`, 'options must be an object like { k: 5, seed: 0 }');
  }
  assertKnownKeys(options, ['k', 'seed', 'rng', ...extra], `${label}(items, options)`);
  assertInteger(options.k, `${label}({k})`, 2);
  if (options.k > items.length) {
    throw new ConfigError(
      `${label}({k})`,
      `must be at most the number of items (${items.length}), got ${options.k}`,
    );
  }
  if ((options.seed === undefined) === (options.rng === undefined)) {
    throw new ConfigError(
      `${label}(options)`,
      'give exactly one of seed (an integer) or rng (createRng(seed))',
    );
  }
  if (options.seed !== undefined) assertInteger(options.seed, `${label}({seed})`, 0);
  return options.rng ?? createRng(options.seed!);
}

/** The folds from each item's fold number. */
export function foldsFrom<T>(items: readonly T[], foldOf: ArrayLike<number>, k: number): Fold<T>[] {
  return Array.from({ length: k }, (_, f) => {
    const fold = {
      train: [] as T[],
      test: [] as T[],
      trainIndices: [] as number[],
      testIndices: [] as number[],
    };
    items.forEach((item, i) => {
      if (foldOf[i] === f) {
        fold.test.push(item);
        fold.testIndices.push(i);
      } else {
        fold.train.push(item);
        fold.trainIndices.push(i);
      }
    });
    return fold;
  });
}
