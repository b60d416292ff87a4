import { ConfigError, flattenTree, mapTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from './types.js';

/**
 * Which constraint holds for which param: a record from flat keys ('dense/kernel') to constraints, or
 * a function `(key, param) => Constraint | undefined`.
 */
export type ConstraintMap =
  | Readonly<Record<string, Constraint>>
  | ((key: string, param: tf.Tensor) => Constraint | undefined);

/**
 * Projects params onto their constraints, as Keras applies a layer's weight constraints after each
 * optimizer step: call it on the new params right after `applyUpdates`. Returns a new tree the caller
 * owns (params without a constraint are copied), and leaves its input alone. A key in the record that
 * names no param is an error, so a typo does not silently leave a param unconstrained.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyConstraints, maxNorm, nonNeg } from '@strata/regularize';
 *
 * const params = { dense: { kernel: tf.tensor2d([[3], [4]]), bias: tf.tensor1d([-1, 2]) } };
 * const constrained = applyConstraints(params, { 'dense/kernel': maxNorm({ maxValue: 1 }), 'dense/bias': nonNeg() });
 * constrained; // => { dense: { kernel: [[0.600], [0.800]], bias: [0, 2] } }
 * ```
 */
export function applyConstraints(params: TensorTree, constraints: ConstraintMap): TensorTree {
  const label = 'applyConstraints(constraints)';
  if (typeof constraints !== 'function') {
    if (typeof constraints !== 'object' || constraints === null) {
      throw new ConfigError(
        label,
        `must be a record of flat keys to constraints or a function, got ${typeof constraints}`,
      );
    }
    const keys = Object.keys(flattenTree(params));
    for (const [key, c] of Object.entries(constraints)) {
      if (!keys.includes(key)) {
        throw new ConfigError(
          label,
          `'${key}' names no param; the params are ${keys.map((k) => `'${k}'`).join(', ')}`,
        );
      }
      if (typeof c !== 'function') {
        throw new ConfigError(
          `${label}['${key}']`,
          `must be a constraint (param) => tensor, got ${typeof c}`,
        );
      }
    }
  }
  const pick = (key: string, p: tf.Tensor) =>
    typeof constraints === 'function'
      ? constraints(key, p)
      : Object.hasOwn(constraints, key)
        ? constraints[key]
        : undefined;
  return tf.tidy(() =>
    mapTree(params, (p, key) => {
      const c = pick(key, p);
      return c ? c(p) : tf.clone(p);
    }),
  );
}
