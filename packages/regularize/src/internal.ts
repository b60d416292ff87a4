import { ConfigError, flattenTree, type Schedule, type TensorTree } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ParamMask } from './types.js';

/*
 * Helpers shared inside this package (not exported from it).
 */

/** The value of a `number | Schedule` option at `step`, which must be a finite number ≥ 0. */
export function rateAt(rate: number | Schedule, step: number, label: string): number {
  const value = typeof rate === 'function' ? rate(step) : rate;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const what = typeof rate === 'function' ? `schedule(${step}) returned` : 'got';
    throw new ConfigError(label, `${what} ${String(value)}; it must be a finite number ≥ 0`);
  }
  return value;
}

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
