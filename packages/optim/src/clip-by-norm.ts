import { assertNumber, type GradientTransformation, mapTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { EmptyState } from './types.js';

/**
 * Rescales each update leaf on its own so that its L2 norm is at most `maxNorm`:
 * `g · maxNorm / max(‖g‖, maxNorm)` (Keras's per-variable `clipnorm`, TensorFlow's `clip_by_norm`).
 * For one bound on all leaves together use `clipByGlobalNorm`. Keeps no state; reads nothing back.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipByNorm } from '@strata/optim';
 *
 * const clip = clipByNorm(1);
 * const { updates } = clip.update({ a: tf.tensor1d([3, 4]), b: tf.tensor1d([0.6, 0]) }, clip.init({}));
 * // a has norm 5 and is scaled by 1/5; b has norm 0.6 and passes unchanged.
 * updates; // => { a: [0.6, 0.8], b: [0.6, 0] }
 * ```
 */
export function clipByNorm(maxNorm: number): GradientTransformation<EmptyState> {
  assertNumber(maxNorm, 'clipByNorm(maxNorm)', { min: 0, exclusiveMin: true });
  return {
    init: () => ({}),
    update: (grads) =>
      tf.tidy(() => ({
        updates: mapTree(grads, (g) => tf.mul(g, tf.div(maxNorm, tf.maximum(tf.norm(g), maxNorm)))),
        state: {},
      })),
  };
}
