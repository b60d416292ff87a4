import { ConfigError } from '@strata/core';
import { Dataset } from './dataset.js';
import type { CollateDtype } from './types.js';

/**
 * The elements of each dataset in turn (all of the first, then all of the second, …). The size is the
 * sum when every size is known. Random access is kept when every part has it, so a `shuffle` after
 * `concat` still permutes indices. Declared dtypes are kept where the parts agree.
 *
 * @example
 * ```ts
 * import { concat, fromArray } from '@strata/data';
 *
 * const both = concat([fromArray([1, 2]), fromArray([3])]);
 * await both.toArray(); // => [1, 2, 3]
 * both.size; // => 3
 * ```
 */
export function concat<T>(datasets: readonly Dataset<T>[]): Dataset<T> {
  const label = 'concat(datasets)';
  if (!Array.isArray(datasets) || datasets.length === 0)
    throw new ConfigError(label, 'needs a non-empty array of datasets');
  const bad = datasets.findIndex((d) => !(d instanceof Dataset));
  if (bad !== -1) throw new ConfigError(label, `datasets[${bad}] is not a Dataset`);
  const sources = datasets.map((d) => d.source);
  const sizes = sources.map((s) => s.size);
  const size = sizes.some((s) => s === undefined) ? undefined : sizes.reduce((a, b) => a! + b!, 0);
  const dtypes: Record<string, CollateDtype> = {};
  for (const [path, dtype] of Object.entries(sources[0]!.dtypes) as [string, CollateDtype][]) {
    if (sources.every((s) => s.dtypes[path] === dtype)) dtypes[path] = dtype;
  }
  const finite = sizes.every((s) => s !== undefined && s !== Infinity);
  const random = finite && sources.every((s) => s.get !== undefined);
  return new Dataset<T>({
    size,
    dtypes,
    get: random
      ? (index: number) => {
          let i = index;
          for (const s of sources) {
            if (i < s.size!) return s.get!(i);
            i -= s.size!;
          }
          throw new RangeError(`concat: index ${index} is past the end (${size})`);
        }
      : undefined,
    async *open(key) {
      for (const s of sources) yield* s.open(key);
    },
  });
}
