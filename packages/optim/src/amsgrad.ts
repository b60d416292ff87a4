import type { Schedule } from '@strata/core';
import { assertKnownKeys, type GradientTransformation } from '@strata/core';
import { type AdamState, adam } from './adam.js';
import type { ScaleByNadamOptions } from './scale-by-nadam.js';

export interface AmsgradOptions extends ScaleByNadamOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3. */
  readonly learningRate?: number | Schedule;
}

/**
 * AMSGrad (Reddi et al. 2018, "On the Convergence of Adam and Beyond"): `adam({ ..., amsgrad: true })`,
 * Adam that divides by the running maximum of the second moment, so the effective step never grows.
 * As in Keras's and PyTorch's `amsgrad`, the maximum is over the raw moment and is then bias-corrected:
 * `v_max = max(v_max, v_t)`, `update = m̂ / (√(v_max/(1 − b2^t)) + eps)` (the paper has no bias
 * correction). tfjs-core has no AMSGrad. Defaults as `adam`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { amsgrad, applyUpdates } from '@strata/optim';
 *
 * const opt = amsgrad({ learningRate: 0.1 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * applyUpdates(params, updates).w; // => [0.9000]
 * ```
 */
export function amsgrad(options: AmsgradOptions = {}): GradientTransformation<AdamState> {
  assertKnownKeys(options, ['learningRate', 'b1', 'b2', 'eps'], 'amsgrad');
  return adam({ ...options, amsgrad: true });
}
