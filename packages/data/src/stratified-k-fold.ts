import { ConfigError, permutationIndices } from '@strata/core';
import { type Fold, foldsFrom, type KFoldOptions, parseFoldOptions } from './folds.js';

/** Options of `stratifiedKFold`: those of `kFold` and the class of each item. */
export interface StratifiedKFoldOptions<T> extends KFoldOptions {
  readonly stratifyBy: (item: T, index: number) => string | number;
}

/**
 * k folds that keep each class's proportion: every class is shuffled (seeded) and dealt round-robin
 * over the folds, each class starting where the previous one stopped, so a class of c items puts
 * ⌊c/k⌋ or ⌈c/k⌉ in every fold and fold sizes differ by at most one.
 *
 * @example
 * ```ts
 * import { stratifiedKFold } from '@strata/data';
 *
 * const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1];
 * const folds = stratifiedKFold(labels, { k: 3, seed: 0, stratifyBy: (y) => y });
 * folds.map((f) => f.test.filter((y) => y === 1).length); // => [1, 1, 1]
 * folds.map((f) => f.test.length); // => [3, 3, 3]
 * ```
 */
export function stratifiedKFold<T>(items: readonly T[], options: StratifiedKFoldOptions<T>): Fold<T>[] {
  const label = 'stratifiedKFold';
  const rng = parseFoldOptions(items, options, label, ['stratifyBy']);
  if (typeof options.stratifyBy !== 'function') {
    throw new ConfigError(`${label}({stratifyBy})`, 'must be a function (item, index) => class');
  }
  const { k } = options;
  // Classes in order of first appearance, so the deal does not depend on how keys sort.
  const classes = new Map<string | number, number[]>();
  items.forEach((item, i) => {
    const c = options.stratifyBy(item, i);
    const members = classes.get(c);
    if (members) members.push(i);
    else classes.set(c, [i]);
  });
  const foldOf = new Int32Array(items.length);
  let next = 0;
  for (const members of classes.values()) {
    const order = permutationIndices(rng, members.length);
    for (const j of order) {
      foldOf[members[j]!] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFrom(items, foldOf, k);
}
