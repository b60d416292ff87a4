import { ConfigError, flattenTree, type TensorTree } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { MaskTree, ParamMask } from './types.js';

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

/**
 * A `ParamMask` or a `MaskTree` as a `ParamMask`. A param that the tree does not reach (no entry on its
 * path) is an error naming it, so a typo in the tree does not silently leave a param out.
 */
export function toParamMask(mask: ParamMask | MaskTree | undefined, label: string): ParamMask | undefined {
  if (mask === undefined || typeof mask === 'function') return mask;
  if (typeof mask !== 'object' || mask === null) {
    throw new ConfigError(
      label,
      `must be a function (key, param) => boolean or a tree of booleans, got ${typeof mask}`,
    );
  }
  return (key) => {
    let node: boolean | MaskTree = mask;
    for (const part of key.split('/')) {
      if (typeof node === 'boolean') return node;
      const next: boolean | MaskTree | undefined = node[part];
      if (next === undefined) {
        throw new ConfigError(
          label,
          `the mask tree has no entry for '${key}'; give it true or false (or one for a parent)`,
        );
      }
      node = next;
    }
    if (typeof node !== 'boolean') {
      throw new ConfigError(label, `the mask tree has a subtree, not a boolean, at the param '${key}'`);
    }
    return node;
  };
}

/** Keras's `backend.epsilon()`, which its weight constraints add to norms before dividing. */
export const EPSILON = 1e-7;

/** Checks a constraint's `axis` option: an integer or a non-empty list of distinct integers. */
export function assertAxis(axis: unknown, label: string): asserts axis is number | readonly number[] {
  const list = Array.isArray(axis) ? axis : [axis];
  if (list.length === 0 || list.some((a) => !Number.isInteger(a)) || new Set(list).size !== list.length) {
    throw new ConfigError(
      label,
      `must be an axis or a list of distinct axes (integers), got ${JSON.stringify(axis)}`,
    );
  }
}

/** The L2 norms of `w` over `axis`, kept as size-1 dims so they broadcast back over `w`. */
export function norms(w: Tensor, axis: number | readonly number[], label: string): Tensor {
  const axes = (Array.isArray(axis) ? axis : [axis]) as number[];
  for (const a of axes) {
    if (a < -w.rank || a >= w.rank) {
      throw new ConfigError(
        label,
        `axis ${a} is out of range for a param of rank ${w.rank} (shape [${w.shape.join(', ')}])`,
      );
    }
  }
  return tf.sqrt(tf.sum(tf.square(w), axes, true));
}
