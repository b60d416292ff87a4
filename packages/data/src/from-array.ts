import { ConfigError } from '@strata/core';
import { Dataset } from './dataset.js';

/**
 * A dataset over an array (or any array-like, e.g. an `Int32Array` of indices), in order. The array is
 * not copied. It has random access, so `shuffle` on it (and on its `map`, `take`, `skip`) permutes indices
 * and never buffers elements.
 *
 * @example
 * ```ts
 * import { fromArray } from '@strata/data';
 *
 * const ds = fromArray([{ x: new Float32Array([0, 1]), y: 1 }]);
 * ds.size; // => 1
 * await ds.toArray(); // => [{ x: [0, 1], y: 1 }]
 * ```
 */
export function fromArray<T>(items: ArrayLike<T>): Dataset<T> {
  if (items === null || typeof items !== 'object' || typeof items.length !== 'number') {
    throw new ConfigError(
      'fromArray(items)',
      `items must be an array or array-like, got ${items === null ? 'null' : typeof items}`,
    );
  }
  return new Dataset<T>({
    size: items.length,
    dtypes: {},
    get: (index) => items[index]!,
    async *open() {
      for (let i = 0; i < items.length; i++) yield items[i]!;
    },
  });
}
