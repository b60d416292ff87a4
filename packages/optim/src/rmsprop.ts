import {
  assertKnownKeys,
  assertNumber,
  assertRate,
  type GradientTransformation,
  type Schedule,
} from '@strata/core';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { type ScaleByRmsOptions, type ScaleByRmsState, scaleByRms } from './scale-by-rms.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';
import { type TraceMomentumState, traceMomentum } from './trace-momentum.js';

export interface RmspropOptions extends ScaleByRmsOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3 (Keras; tfjs-core requires one). */
  readonly learningRate?: number | Schedule;
  /** Momentum on the rescaled gradients, ≥ 0. Default 0 (none: no momentum buffer in the state). */
  readonly momentum?: number;
}

/** `[RMS state, (momentum,) learning-rate step count]`. */
export type RmspropState =
  | readonly [ScaleByRmsState, TraceMomentumState, ScaleByScheduleState]
  | readonly [ScaleByRmsState, ScaleByScheduleState];

/**
 * RMSProp (Tieleman & Hinton 2012): `chain(scaleByRms({ decay, eps, centered }), traceMomentum({
 * decay: momentum }), scaleByLearningRate(lr))`. With defaults (decay 0.9, eps 1e-7 inside the root)
 * and a constant rate it equals tfjs-core's `tf.train.rmsprop(lr, 0.9, momentum)` step for step
 * (tfjs multiplies by the rate before the momentum, the same for a constant rate). Keras and PyTorch
 * put eps outside the root: `epsInSqrt: false`. See `scaleByRms` for `centered`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rmsprop, applyUpdates } from '@strata/optim';
 *
 * const opt = rmsprop({ learningRate: 0.01 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * // ν = 0.1·4 = 0.4: w = 1 − 0.01·2/√0.4.
 * applyUpdates(params, updates).w; // => [0.9684]
 * ```
 */
export function rmsprop(options: RmspropOptions = {}): GradientTransformation<RmspropState> {
  assertKnownKeys(options, ['learningRate', 'momentum', 'decay', 'eps', 'epsInSqrt', 'centered'], 'rmsprop');
  const { learningRate = 1e-3, momentum = 0, ...rms } = options;
  assertRate(learningRate, 'rmsprop({learningRate})');
  assertNumber(momentum, 'rmsprop({momentum})', { min: 0 });
  if (momentum === 0) return chain(scaleByRms(rms), scaleByLearningRate(learningRate));
  return chain(scaleByRms(rms), traceMomentum({ decay: momentum }), scaleByLearningRate(learningRate));
}
