import { type GradientTransformation, mapTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { EmptyState } from './types.js';

/**
 * Replaces every update by zeros (optax's `set_to_zero`): the params it reaches do not move. With
 * `partition` it freezes a parameter group. Keeps no state.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { setToZero } from '@strata/optim';
 *
 * const freeze = setToZero();
 * const { updates } = freeze.update({ w: tf.tensor1d([3, -1]) }, freeze.init({}));
 * updates.w; // => [0, 0]
 * ```
 */
export function setToZero(): GradientTransformation<EmptyState> {
  return {
    init: () => ({}),
    update: (grads) => tf.tidy(() => ({ updates: mapTree(grads, (g) => tf.zerosLike(g)), state: {} })),
  };
}
