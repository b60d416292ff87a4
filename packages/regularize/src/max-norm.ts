import { assertKnownKeys, assertNumber } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertAxis, EPSILON, norms } from './internal.js';
import type { Constraint } from './types.js';

export interface MaxNormOptions {
  /** The largest norm allowed. Default 2 (Keras). */
  readonly maxValue?: number;
  /**
   * The axes the norm runs over. Default 0: for a dense kernel `[in, out]`, each output unit's
   * incoming weights; for a conv kernel `[kh, kw, in, out]` pass `[0, 1, 2]`.
   */
  readonly axis?: number | readonly number[];
}

/**
 * The max-norm constraint (Srivastava et al. 2014, "Dropout", §5.1), as Keras's `MaxNorm`: rescales
 * each weight vector whose L2 norm over `axis` exceeds `maxValue` back to `maxValue`:
 * `w · min(‖w‖, maxValue) / (ε + ‖w‖)` with ε = 1e-7 (so vectors inside the ball shrink by a factor
 * of `‖w‖ / (ε + ‖w‖)`, a few parts in 10⁷, as in Keras). Apply it after each update with
 * `applyConstraints`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maxNorm } from '@strata/regularize';
 *
 * // Columns (output units) have norms 5 and 1: the first is scaled to 2, the second kept.
 * const kernel = tf.tensor2d([[3, 0.6], [4, 0.8]]);
 * maxNorm({ maxValue: 2 })(kernel); // => [[1.20, 0.600], [1.60, 0.800]]
 * ```
 */
export function maxNorm(options: MaxNormOptions = {}): Constraint {
  const label = 'maxNorm';
  assertKnownKeys(options, ['maxValue', 'axis'], label);
  const { maxValue = 2, axis = 0 } = options;
  assertNumber(maxValue, `${label}({maxValue})`, { min: 0 });
  assertAxis(axis, `${label}({axis})`);
  return (w) =>
    tf.tidy(() => {
      const n = norms(w, axis, `${label}({axis})`);
      return tf.mul(w, tf.div(tf.clipByValue(n, 0, maxValue), tf.add(n, EPSILON)));
    });
}
