import { assertNumber, type GradientTransformation, mapTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { EmptyState } from './types.js';

/**
 * Clips every coordinate of every update to `[−maxDelta, maxDelta]` (optax's `clip`, Keras's
 * `clipvalue`, PyTorch's `clip_grad_value_`). Keeps no state.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipByValue } from '@strata/optim';
 *
 * const clip = clipByValue(1);
 * const { updates } = clip.update({ w: tf.tensor1d([0.5, -3, 2]) }, clip.init({}));
 * updates.w; // => [0.5, -1, 1]
 * ```
 */
export function clipByValue(maxDelta: number): GradientTransformation<EmptyState> {
  assertNumber(maxDelta, 'clipByValue(maxDelta)', { min: 0 });
  return {
    init: () => ({}),
    update: (grads) =>
      tf.tidy(() => ({ updates: mapTree(grads, (g) => tf.clipByValue(g, -maxDelta, maxDelta)), state: {} })),
  };
}
