import { ConfigError, disposeTree } from '@strata/core';
import { Dataset } from './dataset.js';
import type { CollateDtype } from './types.js';

type Elements<D> = { -readonly [K in keyof D]: D[K] extends Dataset<infer T> ? T : never };

/**
 * Combines datasets element by element into tuples (`zip([a, b])`) or records (`zip({ x: a, y: b })`),
 * ending with the shortest. Declared dtypes carry over under each component's name.
 *
 * @example
 * ```ts
 * import { fromArray, zip } from '@strata/data';
 *
 * const pairs = zip({ x: fromArray([1, 2, 3]), y: fromArray([0, 1]).withDtypes('int32') });
 * await pairs.toArray(); // => [{ x: 1, y: 0 }, { x: 2, y: 1 }]
 * pairs.dtypes; // => { y: 'int32' }
 * ```
 */
export function zip<const D extends readonly Dataset<unknown>[] | Readonly<Record<string, Dataset<unknown>>>>(
  datasets: D,
): Dataset<Elements<D>> {
  const label = 'zip(datasets)';
  if (typeof datasets !== 'object' || datasets === null) {
    throw new ConfigError(label, 'datasets must be an array or a record of datasets');
  }
  const names = Object.keys(datasets);
  const parts = Object.values(datasets) as Dataset<unknown>[];
  if (parts.length === 0) throw new ConfigError(label, 'needs at least one dataset');
  const bad = names.find((_, i) => !(parts[i] instanceof Dataset));
  if (bad !== undefined) throw new ConfigError(label, `'${bad}' is not a Dataset`);
  const asArray = Array.isArray(datasets);

  const sizes = parts.map((p) => p.size);
  const size = sizes.some((s) => s === undefined) ? undefined : Math.min(...(sizes as number[]));
  const dtypes: Record<string, CollateDtype> = {};
  parts.forEach((p, i) => {
    for (const [path, dtype] of Object.entries(p.dtypes))
      dtypes[path === '' ? names[i]! : `${names[i]}/${path}`] = dtype;
  });

  return new Dataset<Elements<D>>({
    size,
    dtypes,
    async *open(key) {
      const its = parts.map((p) => p.source.open(key));
      try {
        for (;;) {
          const results = await Promise.all(its.map((it) => it.next()));
          if (results.some((r) => r.done)) {
            // The others' elements of this round are never handed over.
            for (const r of results) if (!r.done) disposeTree(r.value);
            return;
          }
          const values = results.map((r) => r.value);
          yield (asArray ? values : Object.fromEntries(names.map((n, i) => [n, values[i]]))) as Elements<D>;
        }
      } finally {
        await Promise.all(its.map((it) => it.return?.()));
      }
    },
  });
}
