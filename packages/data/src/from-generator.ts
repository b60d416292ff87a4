import { assertInteger, assertKnownKeys, ConfigError, DataError } from '@strata/core';
import { Dataset } from './dataset.js';

/** What `fromGenerator` passes to its function on each pass. */
export interface GeneratorContext {
  /** The pass number (epoch) being produced. */
  readonly epoch: number;
}

/**
 * A dataset whose each pass calls `fn` for a fresh (sync or async) iterable: a generator function, a
 * file reader, a database cursor. Declare `size` when it is known (it is checked at the end of each pass).
 *
 * @example
 * ```ts
 * import { fromGenerator } from '@strata/data';
 *
 * const squares = fromGenerator(
 *   function* () {
 *     for (let i = 0; i < 4; i++) yield i * i;
 *   },
 *   { size: 4 },
 * );
 * await squares.toArray(); // => [0, 1, 4, 9]
 * squares.size; // => 4
 * ```
 */
export function fromGenerator<T>(
  fn: (context: GeneratorContext) => Iterable<T> | AsyncIterable<T>,
  options: { readonly size?: number } = {},
): Dataset<T> {
  const label = 'fromGenerator';
  if (typeof fn !== 'function')
    throw new ConfigError(`${label}(fn)`, `fn must be a function, got ${typeof fn}`);
  assertKnownKeys(options, ['size'], `${label}(fn, options)`);
  const { size } = options;
  if (size !== undefined && size !== Infinity) assertInteger(size, `${label}({size})`, 0);
  return new Dataset<T>({
    size,
    dtypes: {},
    async *open(key) {
      const iterable = fn({ epoch: key[0] ?? 0 });
      if (
        iterable === null ||
        typeof iterable !== 'object' ||
        !(Symbol.iterator in iterable || Symbol.asyncIterator in iterable)
      ) {
        throw new DataError(
          label,
          `fn must return an iterable (e.g. be a generator function), got ${iterable === null ? 'null' : typeof iterable}`,
        );
      }
      let count = 0;
      for await (const x of iterable) {
        count++;
        yield x;
      }
      if (size !== undefined && count !== size) {
        throw new DataError(
          label,
          `declared size ${size}, but the generator yielded ${count} elements; fix size or leave it out`,
        );
      }
    },
  });
}
