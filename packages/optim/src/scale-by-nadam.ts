import { assertKnownKeys, type GradientTransformation } from '@strata/core';
import { type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';

export interface ScaleByNadamOptions {
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  readonly b1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  readonly b2?: number;
  /** Added to the root of the second moment, ≥ 0. Default 1e-7 (Keras, tfjs-core). */
  readonly eps?: number;
}

/**
 * NAdam's rescaling (Dozat 2016, "Incorporating Nesterov Momentum into Adam", with a constant
 * momentum): `scaleByAdam({ ...options, nesterov: true })`, whose first moment looks one step ahead:
 * `m̂ = b1·m_t/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1^t)`, `update = m̂ / (√v̂ + eps)`. This is optax's
 * `scale_by_adam(nesterov=True)`; Keras's and PyTorch's NAdam also decay the momentum over steps
 * (the paper's μ_t schedule), which this form leaves out.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByNadam } from '@strata/optim';
 *
 * const t = scaleByNadam();
 * const { updates } = t.update({ w: tf.tensor1d([2]) }, t.init({ w: tf.zeros([1]) }));
 * // m̂ = 0.9·0.2/(1 − 0.81) + 0.1·2/0.1 = 2.947…, v̂ = 4, so the update is m̂ / 2.
 * updates.w; // => [1.4737]
 * ```
 */
export function scaleByNadam(options: ScaleByNadamOptions = {}): GradientTransformation<ScaleByAdamState> {
  assertKnownKeys(options, ['b1', 'b2', 'eps'], 'scaleByNadam');
  return scaleByAdam({ ...options, nesterov: true });
}
