import { assertNumber, type GradientTransformation, mapTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { EmptyState } from './types.js';

/**
 * Multiplies every update by a constant `factor`. Stateless.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scale } from '@strata/optim';
 *
 * const half = scale(0.5);
 * const { updates } = half.update({ w: tf.tensor1d([2, -4]) }, half.init({}));
 * updates.w; // => [1, -2]
 * ```
 */
export function scale(factor: number): GradientTransformation<EmptyState> {
  assertNumber(factor, 'scale(factor)');
  return {
    init: () => ({}),
    update: (grads) => tf.tidy(() => ({ updates: mapTree(grads, (g) => tf.mul(g, factor)), state: {} })),
  };
}
