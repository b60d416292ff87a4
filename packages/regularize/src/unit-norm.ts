import { assertKnownKeys } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertAxis, EPSILON, norms } from './internal.js';
import type { Constraint } from './types.js';

export interface UnitNormOptions {
  /** The axes the norm runs over. Default 0 (each output unit of a dense kernel `[in, out]`). */
  readonly axis?: number | readonly number[];
}

/**
 * The unit-norm constraint, as Keras's `UnitNorm`: divides each weight vector by its L2 norm over
 * `axis`, `w / (ε + ‖w‖)` with ε = 1e-7.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { unitNorm } from '@strata/regularize';
 *
 * unitNorm()(tf.tensor2d([[3, 0], [4, -2]])); // => [[0.600, 0], [0.800, -1.00]]
 * unitNorm({ axis: 1 })(tf.tensor2d([[3, 4]])); // => [[0.600, 0.800]]
 * ```
 */
export function unitNorm(options: UnitNormOptions = {}): Constraint {
  const label = 'unitNorm';
  assertKnownKeys(options, ['axis'], label);
  const { axis = 0 } = options;
  assertAxis(axis, `${label}({axis})`);
  return (w) => tf.tidy(() => tf.div(w, tf.add(norms(w, axis, `${label}({axis})`), EPSILON)));
}
