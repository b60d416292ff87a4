import { assertKnownKeys, type GradientTransformation, type Schedule } from '@strata/core';
import { type AdamState, adam } from './adam.js';
import type { ScaleByNadamOptions } from './scale-by-nadam.js';

export interface NadamOptions extends ScaleByNadamOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3 (Keras; PyTorch 2e-3). */
  readonly learningRate?: number | Schedule;
}

/**
 * NAdam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), with a constant momentum:
 * `chain(scaleByNadam({ b1, b2, eps }), scaleByLearningRate(lr))`, as optax's `nadam` (see
 * `scaleByNadam` for the formula). Keras's and PyTorch's NAdam also decay the momentum over the
 * first steps (μ_t = b1·(1 − 0.5·0.96^(t/250))), so their early steps differ slightly. tfjs-core has
 * no NAdam. Defaults are Keras's: lr 1e-3, b1 0.9, b2 0.999, eps 1e-7.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { nadam, applyUpdates } from '@strata/optim';
 *
 * const opt = nadam({ learningRate: 0.1 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * // The look-ahead first moment is 2.947…, v̂ = 4: w = 1 − 0.1·2.947/2.
 * applyUpdates(params, updates).w; // => [0.8526]
 * ```
 */
export function nadam(options: NadamOptions = {}): GradientTransformation<AdamState> {
  assertKnownKeys(options, ['learningRate', 'b1', 'b2', 'eps'], 'nadam');
  return adam({ ...options, nesterov: true });
}
