import { assertKnownKeys, assertRate, type GradientTransformation, type Schedule } from '@strata/core';
import { chain } from './chain.js';
import { type ScaleByAdagradOptions, type ScaleByAdagradState, scaleByAdagrad } from './scale-by-adagrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

export interface AdagradOptions extends ScaleByAdagradOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3 (Keras; tfjs-core requires one). */
  readonly learningRate?: number | Schedule;
}

/** `[the sum of squared gradients, the learning-rate step count]`. */
export type AdagradState = readonly [ScaleByAdagradState, ScaleByScheduleState];

/**
 * Adagrad (Duchi, Hazan & Singer 2011): `chain(scaleByAdagrad({ initialAccumulatorValue, eps }),
 * scaleByLearningRate(lr))`. With the defaults (accumulator 0.1, eps 1e-7 inside the root) and a
 * constant rate it equals tfjs-core's `tf.train.adagrad(lr)` step for step, and Keras's `Adagrad`.
 * PyTorch starts the accumulator at 0 and adds eps 1e-10 outside the root.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adagrad, applyUpdates } from '@strata/optim';
 *
 * const opt = adagrad({ learningRate: 0.1 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([1]) }, opt.init(params), params);
 * // s = 0.1 + 1: w = 1 − 0.1/√1.1.
 * applyUpdates(params, updates).w; // => [0.9047]
 * ```
 */
export function adagrad(options: AdagradOptions = {}): GradientTransformation<AdagradState> {
  assertKnownKeys(options, ['learningRate', 'initialAccumulatorValue', 'eps'], 'adagrad');
  const { learningRate = 1e-3, ...acc } = options;
  assertRate(learningRate, 'adagrad({learningRate})');
  return chain(scaleByAdagrad(acc), scaleByLearningRate(learningRate));
}
