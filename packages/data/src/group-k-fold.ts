import { ConfigError, permutationIndices } from '@strata/core';
import { type Fold, foldsFrom, type KFoldOptions, parseFoldOptions } from './folds.js';

/** Options of `groupKFold`: those of `kFold` and the group of each item. */
export interface GroupKFoldOptions<T> extends KFoldOptions {
  readonly groupBy: (item: T, index: number) => string | number;
}

/**
 * k folds in which no group is split: all items of a group (a patient, a user, a session) land in the
 * same fold, so a model is never tested on a group it trained on. Groups are shuffled (seeded), then
 * placed largest first into the fold with the fewest items so far (scikit-learn's GroupKFold, with the
 * seed breaking ties between equal groups).
 *
 * @example
 * ```ts
 * import { groupKFold } from '@strata/data';
 *
 * const visits = ['ann', 'ann', 'bob', 'cy', 'cy', 'cy', 'dee'].map((patient, i) => ({ patient, i }));
 * const folds = groupKFold(visits, { k: 2, seed: 0, groupBy: (v) => v.patient });
 * folds.map((f) => f.test.length).sort(); // => [3, 4]
 * folds.every((f) => f.test.every((v) => !f.train.some((t) => t.patient === v.patient))); // => true
 * ```
 */
export function groupKFold<T>(items: readonly T[], options: GroupKFoldOptions<T>): Fold<T>[] {
  const label = 'groupKFold';
  const rng = parseFoldOptions(items, options, label, ['groupBy']);
  if (typeof options.groupBy !== 'function') {
    throw new ConfigError(`${label}({groupBy})`, 'must be a function (item, index) => group');
  }
  const { k } = options;
  const groups = new Map<string | number, number[]>();
  items.forEach((item, i) => {
    const g = options.groupBy(item, i);
    const members = groups.get(g);
    if (members) members.push(i);
    else groups.set(g, [i]);
  });
  if (groups.size < k) {
    throw new ConfigError(`${label}({k})`, `needs at least k groups, got ${groups.size} groups for k = ${k}`);
  }
  const list = [...groups.values()];
  const shuffled = Array.from(permutationIndices(rng, list.length), (j) => list[j]!);
  // Array.prototype.sort is stable, so equal sizes keep the seeded order.
  shuffled.sort((a, b) => b.length - a.length);
  const sizes = new Array<number>(k).fill(0);
  const foldOf = new Int32Array(items.length);
  for (const members of shuffled) {
    let f = 0;
    for (let j = 1; j < k; j++) if (sizes[j]! < sizes[f]!) f = j;
    sizes[f]! += members.length;
    for (const i of members) foldOf[i] = f;
  }
  return foldsFrom(items, foldOf, k);
}
