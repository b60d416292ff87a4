import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from './types.js';

/**
 * The non-negativity constraint, as Keras's `NonNeg`: sets negative weights to zero.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { nonNeg } from '@strata/regularize';
 *
 * nonNeg()(tf.tensor1d([-1, 0, 2.5])); // => [0, 0, 2.5]
 * ```
 */
export function nonNeg(): Constraint {
  return (w) => tf.relu(w);
}
