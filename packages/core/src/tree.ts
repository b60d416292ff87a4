import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from './errors.js';
import { formatShape } from './format-shape.js';
import { sameShape } from './same-shape.js';
import type { TensorTree } from './types.js';

/** A flat view of a tree: keys are '/'-joined paths, in insertion (depth-first) order. */
export type FlatTree = Record<string, Tensor>;

function isTensorLike(v: unknown): v is Tensor {
  // Duck-typed so trees built with another copy of tfjs-core still count as tensors.
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v && 'dtype' in v;
}

/** Flattens a tree to `{ 'a/b/c': tensor }`. Names may not contain '/'. */
export function flattenTree(tree: TensorTree, prefix = ''): FlatTree {
  const out: FlatTree = {};
  for (const [name, value] of Object.entries(tree)) {
    if (name.includes('/')) {
      throw new ConfigError('flattenTree', `name '${name}' contains '/', which separates levels; rename it`);
    }
    const key = prefix ? `${prefix}/${name}` : name;
    if (isTensorLike(value)) out[key] = value;
    else Object.assign(out, flattenTree(value, key));
  }
  return out;
}

/** Rebuilds the nested tree from `'a/b/c'` keys (the inverse of `flattenTree`). */
export function unflattenTree(flat: Readonly<Record<string, Tensor>>): TensorTree {
  const root: Record<string, unknown> = {};
  for (const [key, tensor] of Object.entries(flat)) {
    const parts = key.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node[part] = {};
      else if (isTensorLike(next)) {
        throw new ConfigError('unflattenTree', `'${key}' nests under '${part}', which is a tensor`);
      }
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = tensor;
  }
  return root as TensorTree;
}

/** A new tree of the same structure with `fn(tensor, key)` at each leaf. Owns nothing. */
export function mapTree(tree: TensorTree, fn: (t: Tensor, key: string) => Tensor, prefix = ''): TensorTree {
  const out: Record<string, Tensor | TensorTree> = {};
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}/${name}` : name;
    out[name] = isTensorLike(value) ? fn(value, key) : mapTree(value, fn, key);
  }
  return out;
}

/** How `zipTrees` names the call and the trees in its errors. */
export interface ZipTreesOptions {
  /** The caller, at the start of each message (`applyUpdates`). Default `'zipTrees'`. */
  readonly label?: string;
  /** A name per tree (`['params', 'updates']`). Default `'tree 0'`, `'tree 1'`, ... */
  readonly names?: readonly string[];
}

/**
 * Combines trees of one structure leaf by leaf: `fn([a, b, ...], key)`. It first checks that every
 * tree has the same keys as the first and the same shape at each key, and throws a ShapeError with
 * `label` that names the key, the trees and both shapes: tfjs would otherwise broadcast silently (a
 * bias of [3] plus an update of [1] gives a wrong bias of [3] without complaint). Owns nothing: the
 * result holds what `fn` returns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { flattenTree, zipTrees } from '@strata/core';
 *
 * const params = { dense: { kernel: tf.tensor1d([1, 2]), bias: tf.scalar(0.5) } };
 * const updates = { dense: { kernel: tf.tensor1d([0.1, -0.2]), bias: tf.scalar(-0.5) } };
 * const sum = zipTrees([params, updates], ([p, u]) => tf.add(p!, u!), {
 *   label: 'applyUpdates',
 *   names: ['params', 'updates'],
 * });
 * Array.from(flattenTree(sum)['dense/kernel']!.dataSync()); // => [1.1, 1.8]
 * let message = '';
 * try {
 *   zipTrees([params, { dense: { kernel: tf.zeros([3]), bias: tf.scalar(0) } }], ([p]) => p!, {
 *     label: 'applyUpdates',
 *     names: ['params', 'updates'],
 *   });
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => "applyUpdates: 'dense/kernel' has shape [2] in params but [3] in updates"
 * ```
 */
export function zipTrees(
  trees: readonly TensorTree[],
  fn: (leaves: Tensor[], key: string) => Tensor,
  options: ZipTreesOptions = {},
): TensorTree {
  const { label = 'zipTrees', names = [] } = options;
  const nameOf = (i: number) => names[i] ?? `tree ${i}`;
  const flats = trees.map((t) => flattenTree(t));
  const [first, ...rest] = flats;
  if (!first) return {};
  const keys = Object.keys(first);
  rest.forEach((other, j) => {
    const name = nameOf(j + 1);
    const missing = keys.find((k) => !(k in other));
    if (missing !== undefined) {
      throw new ShapeError(
        label,
        `'${missing}' is in ${nameOf(0)} but not in ${name}; pass trees of one structure`,
      );
    }
    const extra = Object.keys(other).find((k) => !(k in first));
    if (extra !== undefined) {
      throw new ShapeError(
        label,
        `'${extra}' is in ${name} but not in ${nameOf(0)}; pass trees of one structure`,
      );
    }
    for (const k of keys) {
      const a = first[k]!.shape;
      const b = other[k]!.shape;
      if (!sameShape(a, b)) {
        throw new ShapeError(
          label,
          `'${k}' has shape ${formatShape(a)} in ${nameOf(0)} but ${formatShape(b)} in ${name}`,
        );
      }
    }
  });
  const out: FlatTree = {};
  for (const key of keys)
    out[key] = fn(
      flats.map((f) => f[key]!),
      key,
    );
  return unflattenTree(out);
}

/** The leaves, depth-first. */
export function treeLeaves(tree: TensorTree): Tensor[] {
  return Object.values(flattenTree(tree));
}

/**
 * Disposes every tensor in a tree, or in any nesting of plain objects and arrays around tensors (an
 * optimizer state, a dataset element). Other leaves (numbers, strings, typed arrays) are left alone,
 * and tensors already disposed are skipped, so a tree that shares a tensor with another can be
 * disposed after it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { disposeTree } from '@strata/core';
 *
 * const kernel = tf.ones([2, 2]);
 * const state = { count: 3, moments: [{ kernel }, { kernel: tf.zeros([2, 2]) }], raw: new Float32Array(2) };
 * disposeTree(state);
 * kernel.isDisposed; // => true
 * disposeTree(state); // already disposed: nothing to do
 * ```
 */
export function disposeTree(tree: unknown): void {
  if (isTensorLike(tree)) {
    if (!tree.isDisposed) tree.dispose();
    return;
  }
  if (tree === null || typeof tree !== 'object' || ArrayBuffer.isView(tree)) return;
  for (const value of Array.isArray(tree) ? tree : Object.values(tree)) disposeTree(value);
}

/** The number of scalars in the tree (e.g. a model's parameter count). */
export function countTree(tree: TensorTree): number {
  return treeLeaves(tree).reduce((n, t) => n + t.size, 0);
}
