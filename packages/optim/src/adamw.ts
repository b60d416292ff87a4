import { assertKnownKeys, assertRate, type GradientTransformation, type Schedule } from '@strata/core';
import { type AddWeightDecayState, addWeightDecay, type DecayMask } from './add-weight-decay.js';
import { chain } from './chain.js';
import { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

export interface AdamwOptions extends ScaleByAdamOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3. */
  readonly learningRate?: number | Schedule;
  /** Decoupled decay, a number ≥ 0 or a `Schedule`. Default 0.004 (Keras; PyTorch 0.01, optax 1e-4). */
  readonly weightDecay?: number | Schedule;
  /** Which params decay (all by default); a common choice skips biases: `(key) => !key.endsWith('bias')`. */
  readonly mask?: DecayMask;
}

/** `[Adam's state, the decay's step count, the learning rate's step count]`. */
export type AdamwState = readonly [ScaleByAdamState, AddWeightDecayState, ScaleByScheduleState];

/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"):
 * `chain(scaleByAdam({ b1, b2, eps }), addWeightDecay(weightDecay, mask), scaleByLearningRate(lr))`,
 * so `p ← p − lr·(m̂/(√v̂ + eps) + wd·p)`. The decay is multiplied by the learning rate, as in Keras's
 * and PyTorch's AdamW (the paper's schedule multiplier η_t). tfjs-core has no AdamW. Defaults are
 * Keras's: lr 1e-3, b1 0.9, b2 0.999, eps 1e-7, weightDecay 0.004.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adamw, applyUpdates } from '@strata/optim';
 *
 * const opt = adamw({ learningRate: 0.1, weightDecay: 0.1 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([1]) }, opt.init(params), params);
 * // Adam's first step is 1 (the gradient's sign), the decay adds 0.1·1; times the rate 0.1.
 * applyUpdates(params, updates).w; // => [0.89]
 * ```
 */
export function adamw(options: AdamwOptions = {}): GradientTransformation<AdamwState> {
  assertKnownKeys(
    options,
    ['learningRate', 'weightDecay', 'mask', 'b1', 'b2', 'eps', 'amsgrad', 'nesterov'],
    'adamw',
  );
  const { learningRate = 1e-3, weightDecay = 0.004, mask, ...moments } = options;
  assertRate(learningRate, 'adamw({learningRate})');
  return chain(scaleByAdam(moments), addWeightDecay(weightDecay, mask), scaleByLearningRate(learningRate));
}
