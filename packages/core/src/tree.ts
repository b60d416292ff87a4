import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from './errors.js';
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

/**
 * Combines trees of the same structure leaf by leaf: `fn([a, b, ...], key)`. Throws a ShapeError
 * naming the first key present in one tree and missing in another.
 */
export function zipTrees(
  trees: readonly TensorTree[],
  fn: (leaves: Tensor[], key: string) => Tensor,
): TensorTree {
  const [first, ...rest] = trees.map((t) => flattenTree(t));
  if (!first) return {};
  const keys = Object.keys(first);
  rest.forEach((other, i) => {
    const missing = keys.find((k) => !(k in other)) ?? Object.keys(other).find((k) => !(k in first));
    if (missing !== undefined) {
      throw new ShapeError(
        'zipTrees',
        `tree ${i + 1} and tree 0 differ at '${missing}'; zip trees of one structure`,
      );
    }
  });
  const out: FlatTree = {};
  for (const key of keys) out[key] = fn([first[key]!, ...rest.map((t) => t[key]!)], key);
  return unflattenTree(out);
}

/** The leaves, depth-first. */
export function treeLeaves(tree: TensorTree): Tensor[] {
  return Object.values(flattenTree(tree));
}

/** Disposes every tensor in the tree (those already disposed are skipped). */
export function disposeTree(tree: TensorTree | undefined): void {
  if (!tree) return;
  for (const t of treeLeaves(tree)) if (!t.isDisposed) t.dispose();
}

/** The number of scalars in the tree (e.g. a model's parameter count). */
export function countTree(tree: TensorTree): number {
  return treeLeaves(tree).reduce((n, t) => n + t.size, 0);
}
