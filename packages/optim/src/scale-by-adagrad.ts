import {
  assertKnownKeys,
  assertNumber,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { tidyGeneric } from './internal.js';

export interface ScaleByAdagradOptions {
  /** The accumulator's starting value, ≥ 0. Default 0.1 (tfjs-core, Keras, optax; PyTorch uses 0). */
  readonly initialAccumulatorValue?: number;
  /** Added inside the root, ≥ 0. Default 1e-7 (tfjs-core's backend epsilon in float32; Keras). */
  readonly eps?: number;
}

/** Adagrad's running sum of squared gradients. */
export interface ScaleByAdagradState {
  readonly sumOfSquares: TensorTree;
}

/**
 * Rescales gradients by the root of the sum of all past squared gradients (Adagrad; Duchi, Hazan &
 * Singer 2011): `s = s + g²`, `update = g / √(s + eps)`. That is tfjs-core's `AdagradOptimizer` and
 * Keras's formula (eps inside the root; PyTorch adds it outside, `g / (√s + eps)`). See `adagrad`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByAdagrad } from '@strata/optim';
 *
 * const t = scaleByAdagrad();
 * const { updates } = t.update({ w: tf.tensor1d([1]) }, t.init({ w: tf.zeros([1]) }));
 * // s = 0.1 + 1² = 1.1, so the update is 1 / √1.1.
 * updates.w; // => [0.9535]
 * ```
 */
export function scaleByAdagrad(
  options: ScaleByAdagradOptions = {},
): GradientTransformation<ScaleByAdagradState> {
  assertKnownKeys(options, ['initialAccumulatorValue', 'eps'], 'scaleByAdagrad');
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = options;
  assertNumber(initialAccumulatorValue, 'scaleByAdagrad({initialAccumulatorValue})', { min: 0 });
  assertNumber(eps, 'scaleByAdagrad({eps})', { min: 0 });
  return {
    init: (params) =>
      tidyGeneric(() => ({
        sumOfSquares: mapTree(params, (p) => tf.fill(p.shape, initialAccumulatorValue)),
      })),
    update(grads, state) {
      return tidyGeneric(() => {
        const names = { label: 'scaleByAdagrad', names: ['grads', 'state.sumOfSquares'] };
        const sumOfSquares = zipTrees(
          [grads, state.sumOfSquares],
          ([g, s]) => tf.add(s!, tf.square(g!)),
          names,
        );
        const updates = zipTrees(
          [grads, sumOfSquares],
          ([g, s]) => tf.div(g!, tf.sqrt(tf.add(s!, eps))),
          names,
        );
        return { updates, state: { sumOfSquares } };
      });
    },
  };
}
