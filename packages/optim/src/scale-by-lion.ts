import {
  assertKnownKeys,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertDecay, tidyGeneric } from './internal.js';

export interface ScaleByLionOptions {
  /** Interpolation between momentum and gradient for the update's sign, in [0, 1). Default 0.9. */
  readonly b1?: number;
  /** Decay of the momentum, in [0, 1). Default 0.99. */
  readonly b2?: number;
}

/** Lion's momentum. */
export interface ScaleByLionState {
  readonly mu: TensorTree;
}

/**
 * Lion's sign update (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2):
 *
 *     update = sign(b1·m + (1 − b1)·g)        m ← b2·m + (1 − b2)·g
 *
 * Every coordinate moves by exactly the learning rate, so Lion wants a rate 3–10× smaller than
 * Adam's (see `lion`). Defaults b1 0.9, b2 0.99 are the paper's, Keras's and optax's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByLion } from '@strata/optim';
 *
 * const t = scaleByLion();
 * const { updates } = t.update({ w: tf.tensor1d([0.5, -2, 0]) }, t.init({ w: tf.zeros([3]) }));
 * updates.w; // => [1, -1, 0]
 * ```
 */
export function scaleByLion(options: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionState> {
  assertKnownKeys(options, ['b1', 'b2'], 'scaleByLion');
  const { b1 = 0.9, b2 = 0.99 } = options;
  assertDecay(b1, 'scaleByLion({b1})');
  assertDecay(b2, 'scaleByLion({b2})');
  return {
    init: (params) => tidyGeneric(() => ({ mu: mapTree(params, (p) => tf.zerosLike(p)) })),
    update(grads, state) {
      return tidyGeneric(() => {
        const names = { label: 'scaleByLion', names: ['grads', 'state.mu'] };
        const updates = zipTrees(
          [grads, state.mu],
          ([g, m]) => tf.sign(tf.add(tf.mul(m!, b1), tf.mul(g!, 1 - b1))),
          names,
        );
        const mu = zipTrees([grads, state.mu], ([g, m]) => tf.add(tf.mul(m!, b2), tf.mul(g!, 1 - b2)), names);
        return { updates, state: { mu } };
      });
    },
  };
}
