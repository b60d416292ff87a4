import type { Shape } from './types.js';

/**
 * A shape as error messages print it: `[2, 3]`, with `?` for an unknown (null) dimension and `[]` for
 * a scalar. Every Strata message uses this notation, so shapes read the same whichever package
 * reports them.
 *
 * @example
 * ```ts
 * import { formatShape } from '@strata/core';
 *
 * formatShape([2, 3]); // => '[2, 3]'
 * formatShape([null, 28, 28, 1]); // => '[?, 28, 28, 1]'
 * formatShape([]); // => '[]'
 * ```
 */
export function formatShape(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
}
