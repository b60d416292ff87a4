import type { Shape } from './types.js';

/**
 * Whether two shapes are equal: the same rank and the same size in each dimension. No broadcasting
 * and no wildcards: `null` equals only `null` (use `assertShape` to match against a pattern).
 *
 * @example
 * ```ts
 * import { sameShape } from '@strata/core';
 *
 * sameShape([2, 3], [2, 3]); // => true
 * sameShape([3], [3, 1]); // => false
 * sameShape([], []); // => true
 * ```
 */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
