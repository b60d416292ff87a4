import {
  ConfigError,
  flattenTree,
  type Schedule,
  ShapeError,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

type Tensor = tf.Tensor;

/*
 * Helpers shared by the transformations in this package (not exported from the package).
 */

/**
 * Combines trees leaf by leaf after checking that they have the same keys and the same shapes, so a
 * mismatch is reported with the caller's label instead of silently broadcasting (a bias of [3] plus
 * an update of [1] would otherwise give a wrong param of shape [3] without complaint).
 */
export function zipChecked(
  label: string,
  names: readonly string[],
  trees: readonly TensorTree[],
  fn: (leaves: Tensor[], key: string) => Tensor,
): TensorTree {
  const flats = trees.map((t) => flattenTree(t));
  const first = flats[0] ?? {};
  const keys = Object.keys(first);
  flats.slice(1).forEach((other, i) => {
    const name = names[i + 1] ?? `tree ${i + 1}`;
    const missing = keys.find((k) => !(k in other));
    if (missing !== undefined) {
      throw new ShapeError(
        label,
        `'${missing}' is in ${names[0]} but not in ${name}; pass trees of one structure`,
      );
    }
    const extra = Object.keys(other).find((k) => !(k in first));
    if (extra !== undefined) {
      throw new ShapeError(
        label,
        `'${extra}' is in ${name} but not in ${names[0]}; pass trees of one structure`,
      );
    }
    for (const k of keys) {
      const a = first[k]!.shape;
      const b = other[k]!.shape;
      if (a.length !== b.length || a.some((d, j) => d !== b[j])) {
        throw new ShapeError(label, `'${k}' has shape [${a}] in ${names[0]} but [${b}] in ${name}`);
      }
    }
  });
  const out: Record<string, Tensor> = {};
  for (const k of keys)
    out[k] = fn(
      flats.map((f) => f[k]!),
      k,
    );
  return unflattenTree(out);
}

/** The value of a rate at `step`, checked: a schedule that returns NaN or a negative rate fails loudly. */
export function rateAt(rate: number | Schedule, step: number, label: string): number {
  const value = typeof rate === 'function' ? rate(step) : rate;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      label,
      `${typeof rate === 'function' ? `schedule(${step}) returned` : 'got'} ${String(value)}; a rate must be a finite number ≥ 0`,
    );
  }
  return value;
}

/** Checks a `number | Schedule` option up front (a schedule is checked each time it is called). */
export function assertRate(rate: unknown, label: string): asserts rate is number | Schedule {
  if (typeof rate === 'function') return;
  rateAt(rate as number, 0, label);
}

/**
 * `tf.tidy` for results whose static type tfjs cannot see as a `TensorContainer` (generic states).
 * Tensors anywhere inside the returned objects and arrays are kept, as with `tf.tidy`.
 */
export function tidyGeneric<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
