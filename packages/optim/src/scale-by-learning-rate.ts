import {
  assertKnownKeys,
  assertRate,
  type GradientTransformation,
  resolveRate,
  type Schedule,
} from '@strata/core';
import { type ScaleByScheduleState, scaleBySchedule } from './scale-by-schedule.js';

export interface ScaleByLearningRateOptions {
  /** Multiply by `-lr` (descent, the default) rather than `+lr`. */
  readonly flipSign?: boolean;
}

/**
 * Multiplies every update by `-learningRate` (gradient descent), where the rate is a number or a
 * `Schedule` of the step (0-based count of updates made so far). The state always carries that step
 * count, so a constant rate and a schedule checkpoint alike. Rates must be finite and ≥ 0; a schedule
 * is checked at every step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByLearningRate } from '@strata/optim';
 *
 * // 0.1 for the first 100 steps, then 0.01.
 * const lr = scaleByLearningRate((step) => (step < 100 ? 0.1 : 0.01));
 * const { updates } = lr.update({ w: tf.tensor1d([1, -2]) }, lr.init({}));
 * updates.w; // => [-0.1, 0.2]
 * ```
 */
export function scaleByLearningRate(
  learningRate: number | Schedule,
  options: ScaleByLearningRateOptions = {},
): GradientTransformation<ScaleByScheduleState> {
  assertKnownKeys(options, ['flipSign'], 'scaleByLearningRate');
  assertRate(learningRate, 'scaleByLearningRate(learningRate)');
  const sign = options.flipSign === false ? 1 : -1;
  return scaleBySchedule(
    (step) => sign * resolveRate(learningRate, step, 'scaleByLearningRate(learningRate)'),
  );
}
