import { assertKnownKeys, assertRate, type GradientTransformation, type Schedule } from '@strata/core';
import { chain } from './chain.js';
import { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

export interface AdamOptions extends ScaleByAdamOptions {
  /** Step size, a number ≥ 0 or a `Schedule` of the step. Default 1e-3 (Kingma & Ba 2015; Keras; tfjs). */
  readonly learningRate?: number | Schedule;
}

/** `[Adam's moments and count, the learning-rate step count]`. */
export type AdamState = readonly [ScaleByAdamState, ScaleByScheduleState];

/**
 * Adam (Kingma & Ba 2015): `chain(scaleByAdam({ b1, b2, eps }), scaleByLearningRate(learningRate))`.
 * Defaults b1 0.9, b2 0.999, eps 1e-7 and learning rate 1e-3 are Keras's and tfjs-core's; with them it
 * matches `tf.train.adam(1e-3)` step for step (see `scaleByAdam` for the formula). `amsgrad` and
 * `nesterov` give AMSGrad and NAdam (see `amsgrad`, `nadam`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adam, applyUpdates, disposeState } from '@strata/optim';
 *
 * const opt = adam({ learningRate: 1e-3 });
 * let params = { w: tf.tensor1d([0.5, -0.5]) };
 * let state = opt.init(params);
 * const grads = { w: tf.tensor1d([1, -1]) };
 * const out = opt.update(grads, state, params);
 * // The first step moves each weight by the learning rate against its gradient's sign.
 * const next = applyUpdates(params, out.updates);
 * next.w; // => [0.499, -0.499]
 * tf.dispose([params.w, grads.w, out.updates.w as tf.Tensor]);
 * disposeState(state);
 * params = next;
 * state = out.state;
 * ```
 */
export function adam(options: AdamOptions = {}): GradientTransformation<AdamState> {
  assertKnownKeys(options, ['learningRate', 'b1', 'b2', 'eps', 'amsgrad', 'nesterov'], 'adam');
  const { learningRate = 1e-3, ...moments } = options;
  assertRate(learningRate, 'adam({learningRate})');
  return chain(scaleByAdam(moments), scaleByLearningRate(learningRate));
}
