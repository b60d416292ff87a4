import { assertNumber, type GradientTransformation, mapTree, treeLeaves } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { EmptyState } from './types.js';

/**
 * Rescales all updates together so that their global L2 norm (over every leaf) is at most `maxNorm`:
 * `g · maxNorm / max(‖(g₁, …, gₙ)‖, maxNorm)`, as TensorFlow's `clip_by_global_norm`, optax's
 * `clip_by_global_norm` and PyTorch's `clip_grad_norm_` (which adds 1e-6 to the norm). Directions are
 * kept; the norm stays on the device. Keeps no state.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipByGlobalNorm } from '@strata/optim';
 *
 * const clip = clipByGlobalNorm(1);
 * const { updates } = clip.update({ a: tf.tensor1d([3, 4]), b: tf.tensor1d([0, 12]) }, clip.init({}));
 * // The global norm is √(9 + 16 + 144) = 13, so everything is divided by 13.
 * updates; // => { a: [0.2308, 0.3077], b: [0, 0.9231] }
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  assertNumber(maxNorm, 'clipByGlobalNorm(maxNorm)', { min: 0, exclusiveMin: true });
  return {
    init: () => ({}),
    update: (grads) =>
      tf.tidy(() => {
        const leaves = treeLeaves(grads);
        const sumSq = leaves.reduce<tf.Tensor>((acc, g) => tf.add(acc, tf.sum(tf.square(g))), tf.scalar(0));
        const factor = tf.div(maxNorm, tf.maximum(tf.sqrt(sumSq), maxNorm));
        return { updates: mapTree(grads, (g) => tf.mul(g, factor)), state: {} };
      }),
  };
}
