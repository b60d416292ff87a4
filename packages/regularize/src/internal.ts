import { ConfigError, flattenTree, type TensorTree } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ParamMask } from './types.js';

/*
 * Helpers shared inside this package (not exported from it).
 */

/** The leaves the mask selects (all of them without a mask), with their flat keys. */
export function maskedLeaves(params: TensorTree, mask: ParamMask | undefined): [string, Tensor][] {
  const leaves = Object.entries(flattenTree(params));
  return mask ? leaves.filter(([k, t]) => mask(k, t)) : leaves;
}

export function assertMask(mask: unknown, label: string): asserts mask is ParamMask | undefined {
  if (mask !== undefined && typeof mask !== 'function') {
    throw new ConfigError(label, `must be a function (key, param) => boolean, got ${typeof mask}`);
  }
}
