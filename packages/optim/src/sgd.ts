import {
  assertKnownKeys,
  assertNumber,
  assertRate,
  ConfigError,
  type GradientTransformation,
  type Schedule,
} from '@strata/core';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';
import { type TraceMomentumState, traceMomentum } from './trace-momentum.js';

export interface SgdOptions {
  /** Step size, a number ≥ 0 or a `Schedule` of the step. */
  readonly learningRate: number | Schedule;
  /** Momentum coefficient ≥ 0; omit for plain SGD (then the state holds no momentum buffer). */
  readonly momentum?: number;
  /** Nesterov momentum (needs `momentum`). Default false. */
  readonly nesterov?: boolean;
}

/** `[momentum state, learning-rate state]`, or only the latter without momentum. */
export type SgdState = readonly [TraceMomentumState, ScaleByScheduleState] | readonly [ScaleByScheduleState];

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum: `chain(traceMomentum,
 * scaleByLearningRate)`. With a constant rate it computes what tfjs-core's `tf.train.sgd` and
 * `tf.train.momentum(lr, momentum, useNesterov)` compute: `p ← p − lr·t` with `t = g + momentum·t`
 * (or `p ← p − lr·(g + momentum·t)` for Nesterov).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sgd, applyUpdates } from '@strata/optim';
 *
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * // Nesterov: the step is g + 0.9·m with m = g on the first step, so w = 1 − 0.1·(2 + 0.9·2).
 * const next = applyUpdates(params, updates);
 * next.w; // => [0.62]
 * ```
 */
export function sgd(options: SgdOptions): GradientTransformation<SgdState> {
  assertKnownKeys(options, ['learningRate', 'momentum', 'nesterov'], 'sgd');
  const { learningRate, momentum, nesterov = false } = options;
  assertRate(learningRate, 'sgd({learningRate})');
  if (momentum === undefined) {
    if (nesterov)
      throw new ConfigError('sgd({nesterov})', 'Nesterov momentum needs a momentum; set momentum, e.g. 0.9');
    return chain(scaleByLearningRate(learningRate));
  }
  assertNumber(momentum, 'sgd({momentum})', { min: 0 });
  return chain(traceMomentum({ decay: momentum, nesterov }), scaleByLearningRate(learningRate));
}
