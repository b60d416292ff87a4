import {
  assertKnownKeys,
  assertNumber,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertDecay, tidyGeneric } from './internal.js';

export interface ScaleByAdamaxOptions {
  /** Decay of the first-moment estimate, in [0, 1). Default 0.9. */
  readonly b1?: number;
  /** Decay of the infinity-norm estimate, in [0, 1). Default 0.999. */
  readonly b2?: number;
  /** Added to the infinity norm, ≥ 0. Default 1e-7 (tfjs-core's backend epsilon in float32; Keras). */
  readonly eps?: number;
}

/** AdaMax's state: the step count, the first moment and the exponentially weighted infinity norm. */
export interface ScaleByAdamaxState {
  readonly count: number;
  readonly mu: TensorTree;
  readonly nu: TensorTree;
}

/**
 * Rescales gradients as AdaMax (Kingma & Ba 2015, section 7.1), Adam with the infinity norm:
 *
 *     m_t = b1·m + (1 − b1)·g        u_t = max(b2·u, |g|)
 *     update = (m_t / (1 − b1^t)) / (u_t + eps)
 *
 * This is tfjs-core's `AdamaxOptimizer` (and Keras's) formula, eps outside; combine with
 * `scaleByLearningRate` (see `adamax`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByAdamax } from '@strata/optim';
 *
 * const t = scaleByAdamax();
 * const { updates } = t.update({ w: tf.tensor1d([3, -0.5]) }, t.init({ w: tf.zeros([2]) }));
 * // First step: m̂ = g and u = |g|, so the update is the sign of g.
 * updates.w; // => [1.0000, -1.0000]
 * ```
 */
export function scaleByAdamax(
  options: ScaleByAdamaxOptions = {},
): GradientTransformation<ScaleByAdamaxState> {
  assertKnownKeys(options, ['b1', 'b2', 'eps'], 'scaleByAdamax');
  const { b1 = 0.9, b2 = 0.999, eps = 1e-7 } = options;
  assertDecay(b1, 'scaleByAdamax({b1})');
  assertDecay(b2, 'scaleByAdamax({b2})');
  assertNumber(eps, 'scaleByAdamax({eps})', { min: 0 });
  return {
    init: (params) =>
      tidyGeneric(() => ({
        count: 0,
        mu: mapTree(params, (p) => tf.zerosLike(p)),
        nu: mapTree(params, (p) => tf.zerosLike(p)),
      })),
    update(grads, state) {
      return tidyGeneric(() => {
        const count = state.count + 1;
        const names = { label: 'scaleByAdamax', names: ['grads', 'state.mu', 'state.nu'] };
        const mu = zipTrees([grads, state.mu], ([g, m]) => tf.add(tf.mul(m!, b1), tf.mul(g!, 1 - b1)), names);
        const nu = zipTrees([grads, state.nu], ([g, u]) => tf.maximum(tf.mul(u!, b2), tf.abs(g!)), names);
        const c1 = 1 - b1 ** count;
        const updates = zipTrees([mu, nu], ([m, u]) => tf.div(tf.div(m!, c1), tf.add(u!, eps)), names);
        return { updates, state: { count, mu, nu } };
      });
    },
  };
}
