import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  ConfigError,
  createRng,
  permutationIndices,
  type Rng,
} from '@strata/core';
import { Dataset } from './dataset.js';
import { fromArray } from './from-array.js';

/** Options of `holdout`: the held-out size (`fraction` or `count`) and the randomness (`seed` or `rng`). */
export interface HoldoutOptions<T> {
  /** The held-out share in (0, 1); its count is rounded to the nearest integer. */
  readonly fraction?: number;
  /** The held-out count, 0 ≤ count ≤ the number of items. */
  readonly count?: number;
  /** Integer seed for the split. */
  readonly seed?: number;
  /** Or a generator to draw the split from. */
  readonly rng?: Rng;
  /**
   * A class key per item: each class is split in the same proportion (counts allocated by largest
   * remainder, so the total is exact), as scikit-learn's stratified splits do.
   */
  readonly stratifyBy?: (item: T, index: number) => string | number;
}

/** A split: `train` and the held-out `test`, each in the input's order. */
export interface Holdout<C> {
  readonly train: C;
  readonly test: C;
}

interface Parsed<T> {
  readonly heldCount: (n: number) => number;
  readonly rng: Rng;
  readonly stratifyBy: ((item: T, index: number) => string | number) | undefined;
}

function parse<T>(options: HoldoutOptions<T>): Parsed<T> {
  const label = 'holdout';
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(
      `${label}(items, options)`,
      'options must be an object like { fraction: 0.1, seed: 0 }',
    );
  }
  assertKnownKeys(options, ['fraction', 'count', 'seed', 'rng', 'stratifyBy'], `${label}(items, options)`);
  const { fraction, count, seed, rng, stratifyBy } = options;
  if ((fraction === undefined) === (count === undefined)) {
    throw new ConfigError(`${label}(options)`, 'give exactly one of fraction (a share in (0, 1)) or count');
  }
  let heldCount: (n: number) => number;
  if (fraction !== undefined) {
    assertNumber(fraction, `${label}({fraction})`, { min: 0, max: 1, exclusiveMin: true });
    if (fraction === 1) {
      throw new ConfigError(`${label}({fraction})`, 'must be below 1 (nothing would be left to train on)');
    }
    heldCount = (n) => Math.round(fraction * n);
  } else {
    assertInteger(count, `${label}({count})`, 0);
    heldCount = (n) => {
      if (count > n) {
        throw new ConfigError(
          `${label}({count})`,
          `must be at most the number of items (${n}), got ${count}`,
        );
      }
      return count;
    };
  }
  if ((seed === undefined) === (rng === undefined)) {
    throw new ConfigError(
      `${label}(options)`,
      'give exactly one of seed (an integer) or rng (createRng(seed))',
    );
  }
  if (seed !== undefined) assertInteger(seed, `${label}({seed})`, 0);
  if (stratifyBy !== undefined && typeof stratifyBy !== 'function') {
    throw new ConfigError(
      `${label}({stratifyBy})`,
      `must be a function (item, index) => class, got ${typeof stratifyBy}`,
    );
  }
  return { heldCount, rng: rng ?? createRng(seed!), stratifyBy };
}

/** The held-out indices. */
function heldOut<T>(items: readonly T[], { heldCount, rng, stratifyBy }: Parsed<T>): Set<number> {
  const n = items.length;
  const k = heldCount(n);
  const out = new Set<number>();
  if (stratifyBy === undefined) {
    const order = permutationIndices(rng, n);
    for (let i = 0; i < k; i++) out.add(order[i]!);
    return out;
  }
  // Classes in order of first appearance, so the allocation does not depend on how keys sort.
  const classes = new Map<string | number, number[]>();
  items.forEach((item, i) => {
    const c = stratifyBy(item, i);
    const members = classes.get(c);
    if (members) members.push(i);
    else classes.set(c, [i]);
  });
  // Largest-remainder (Hamilton) apportionment of k over the classes, proportional to their sizes.
  const groups = [...classes.values()];
  const quotas = groups.map((g) => (k * g.length) / n);
  const take = quotas.map(Math.floor);
  let left = k - take.reduce((a, b) => a + b, 0);
  const byRemainder = groups
    .map((_, c) => c)
    .sort((a, b) => quotas[b]! - take[b]! - (quotas[a]! - take[a]!) || a - b);
  for (const c of byRemainder) {
    if (left === 0) break;
    take[c]!++;
    left--;
  }
  groups.forEach((members, c) => {
    const order = permutationIndices(rng, members.length);
    for (let i = 0; i < take[c]!; i++) out.add(members[order[i]!]!);
  });
  return out;
}

function split<T>(items: readonly T[], parsed: Parsed<T>): Holdout<T[]> {
  const test = heldOut(items, parsed);
  const train: T[] = [];
  const held: T[] = [];
  items.forEach((item, i) => {
    (test.has(i) ? held : train).push(item);
  });
  return { train, test: held };
}

/**
 * Splits items at random into `train` and a held-out `test` part (a validation set is a holdout of the
 * training data). Optionally stratified. Both parts keep the input's order. An array gives arrays; a
 * dataset is read once (it must be finite) and gives datasets with the same declared dtypes.
 *
 * @example
 * ```ts
 * import { holdout } from '@strata/data';
 *
 * const records = Array.from({ length: 20 }, (_, i) => ({ x: i, y: i % 2 }));
 * const { train, test } = holdout(records, { fraction: 0.1, seed: 0, stratifyBy: (r) => r.y });
 * [train.length, test.length]; // => [18, 2]
 * // Stratified: 10% of each class of 10, so one of each.
 * test.map((r) => r.y).sort(); // => [0, 1]
 * ```
 */
export function holdout<T>(items: readonly T[], options: HoldoutOptions<T>): Holdout<T[]>;
export function holdout<T>(items: Dataset<T>, options: HoldoutOptions<T>): Promise<Holdout<Dataset<T>>>;
export function holdout<T>(
  items: readonly T[] | Dataset<T>,
  options: HoldoutOptions<T>,
): Holdout<T[]> | Promise<Holdout<Dataset<T>>> {
  const parsed = parse(options);
  if (items instanceof Dataset) {
    const dtypes = items.dtypes;
    return items.toArray().then((all) => {
      const parts = split(all, parsed);
      return {
        train: fromArray(parts.train).withDtypes(dtypes),
        test: fromArray(parts.test).withDtypes(dtypes),
      };
    });
  }
  if (!Array.isArray(items)) {
    throw new ConfigError('holdout(items)', 'items must be an array or a Dataset');
  }
  return split(items, parsed);
}
