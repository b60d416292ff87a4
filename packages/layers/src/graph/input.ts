import { assertKnownKeys, ConfigError, type Shape } from '@strata/core';
import { checkName } from '../internal/options.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/**
 * A model input of the given shape (`null` for the batch and other unknown dimensions), the start of a
 * graph built with `call` and closed with `model`.
 *
 * @example
 * ```ts
 * import { input } from '@strata/layers';
 *
 * const x = input([null, 28, 28, 1]);
 * x.shape; // => [null, 28, 28, 1]
 * ```
 */
export function input(shape: Shape, options: { readonly name?: string } = {}): SymbolicTensor {
  assertKnownKeys(options ?? {}, ['name'], 'input');
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => d === null || (Number.isInteger(d) && d >= 0))
  ) {
    throw new ConfigError(
      'input(shape)',
      `must be a non-empty array of non-negative integers or null, got ${JSON.stringify(shape)}; e.g. [null, 28, 28, 1]`,
    );
  }
  const name = options.name === undefined ? undefined : checkName(options.name, 'input', 'input({name})');
  return { shape: [...shape], source: { kind: 'input', name } };
}
