import { assertKnownKeys, assertRate, type GradientTransformation, type Schedule } from '@strata/core';
import { chain } from './chain.js';
import { type ScaleByAdamaxOptions, type ScaleByAdamaxState, scaleByAdamax } from './scale-by-adamax.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

export interface AdamaxOptions extends ScaleByAdamaxOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 0.002 (the paper's and tfjs-core's; Keras 1e-3). */
  readonly learningRate?: number | Schedule;
}

/** `[AdaMax's moments and count, the learning-rate step count]`. */
export type AdamaxState = readonly [ScaleByAdamaxState, ScaleByScheduleState];

/**
 * AdaMax (Kingma & Ba 2015, section 7.1): `chain(scaleByAdamax({ b1, b2, eps }),
 * scaleByLearningRate(lr))`; with a constant rate it equals tfjs-core's `tf.train.adamax(lr, b1, b2)`
 * (whose `decay` option, a 1/(1 + decay·t) rate, is a schedule here).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adamax, applyUpdates } from '@strata/optim';
 *
 * const opt = adamax();
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([3]) }, opt.init(params), params);
 * // The first step moves by the learning rate against the gradient's sign.
 * applyUpdates(params, updates).w; // => [0.998]
 * ```
 */
export function adamax(options: AdamaxOptions = {}): GradientTransformation<AdamaxState> {
  assertKnownKeys(options, ['learningRate', 'b1', 'b2', 'eps'], 'adamax');
  const { learningRate = 0.002, ...moments } = options;
  assertRate(learningRate, 'adamax({learningRate})');
  return chain(scaleByAdamax(moments), scaleByLearningRate(learningRate));
}
