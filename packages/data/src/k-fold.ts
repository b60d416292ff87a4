import { permutationIndices } from '@strata/core';
import { type Fold, foldsFrom, type KFoldOptions, parseFoldOptions } from './folds.js';

/**
 * Splits items into `k` folds for cross-validation: a seeded random permutation dealt into k
 * contiguous folds whose sizes differ by at most one (the first `n mod k` folds take one more, as
 * scikit-learn's KFold with `shuffle=True`). Fold f's `test` is that fold and its `train` is every
 * other item; the k test parts are disjoint and together cover the items.
 *
 * @example
 * ```ts
 * import { kFold } from '@strata/data';
 *
 * const folds = kFold([0, 1, 2, 3, 4, 5, 6], { k: 3, seed: 0 });
 * folds.map((f) => f.test.length); // => [3, 2, 2]
 * folds.flatMap((f) => f.test).sort(); // => [0, 1, 2, 3, 4, 5, 6]
 * ```
 */
export function kFold<T>(items: readonly T[], options: KFoldOptions): Fold<T>[] {
  const rng = parseFoldOptions(items, options, 'kFold');
  const { k } = options;
  const n = items.length;
  const order = permutationIndices(rng, n);
  const foldOf = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = 0; j < size; j++) foldOf[order[at++]!] = f;
  }
  return foldsFrom(items, foldOf, k);
}
