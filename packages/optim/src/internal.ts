import { assertNumber, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/*
 * Helpers shared by the transformations in this package (not exported from the package). Tree
 * zipping with key and shape checks and rate resolution live in @strata/core (`zipTrees`,
 * `resolveRate`, `assertRate`).
 */

/**
 * `tf.tidy` for results whose static type tfjs cannot see as a `TensorContainer` (generic states).
 * Tensors anywhere inside the returned objects and arrays are kept, as with `tf.tidy`.
 */
export function tidyGeneric<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}

function isTensor(v: unknown): v is tf.Tensor {
  return v instanceof tf.Tensor;
}

/**
 * A copy of a state (nested objects and arrays of tensors and plain values) whose tensors are new:
 * a transformation that keeps an inner state unchanged still hands back tensors the caller owns,
 * since the caller disposes the old state once it has the new one.
 */
export function cloneState<T>(state: T): T {
  if (isTensor(state)) return tf.clone(state) as T;
  if (Array.isArray(state)) return state.map((s) => cloneState(s)) as T;
  if (state !== null && typeof state === 'object') {
    return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, cloneState(v)])) as T;
  }
  return state;
}

/** A decay rate in [0, 1): 1 would never forget and makes a bias correction 1 − b^t zero. */
export function assertDecay(value: unknown, label: string): asserts value is number {
  assertNumber(value, label, { min: 0, max: 1 });
  if (value === 1) throw new ConfigError(label, 'must be < 1, got 1');
}

/** Throws unless `transform` has `init` and `update` functions. */
export function assertTransform(transform: unknown, label: string): void {
  const t = transform as { init?: unknown; update?: unknown } | null;
  if (typeof t !== 'object' || t === null || typeof t.init !== 'function' || typeof t.update !== 'function') {
    throw new ConfigError(
      label,
      'must be a GradientTransformation { init, update }, e.g. sgd({ learningRate: 0.1 })',
    );
  }
}

/** A nested object of values, addressed by the same '/'-joined keys as a `TensorTree`. */
export interface ValueTree<T> {
  readonly [name: string]: T | ValueTree<T>;
}

/**
 * The value `spec` gives the leaf at flat `key`: `spec(key)` for a function, else the value found by
 * walking the key's parts through the tree (a value at a prefix covers everything below it, so
 * `{ encoder: false }` covers 'encoder/dense/kernel').
 */
export function valueAt<T>(
  spec: ((key: string) => T) | ValueTree<T>,
  key: string,
  isValue: (v: unknown) => v is T,
  label: string,
): T {
  if (typeof spec === 'function') {
    const v = spec(key);
    if (!isValue(v)) throw new ConfigError(label, `returned ${String(v)} for '${key}'`);
    return v;
  }
  let node: unknown = spec;
  for (const part of key.split('/')) {
    if (isValue(node)) return node;
    node = (node as Record<string, unknown>)[part];
    if (node === undefined)
      throw new ConfigError(label, `has no entry for '${key}'; give every param (or a parent) a value`);
  }
  if (!isValue(node))
    throw new ConfigError(label, `'${key}' is a param, but the tree holds ${typeof node} there`);
  return node;
}
