import { assertKnownKeys, assertRate, type GradientTransformation, type Schedule } from '@strata/core';
import { type AddWeightDecayState, addWeightDecay, type DecayMask } from './add-weight-decay.js';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { type ScaleByLionOptions, type ScaleByLionState, scaleByLion } from './scale-by-lion.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

export interface LionOptions extends ScaleByLionOptions {
  /** Step size, a number ≥ 0 or a `Schedule`. Default 1e-3 (Keras); the paper uses 3–10× less than AdamW. */
  readonly learningRate?: number | Schedule;
  /** Decoupled weight decay, a number ≥ 0 or a `Schedule`. Default 0 (Keras, optax 1e-3). */
  readonly weightDecay?: number | Schedule;
  /** Which params decay (all by default). */
  readonly mask?: DecayMask;
}

/** `[Lion's momentum, the decay's step count, the learning rate's step count]`. */
export type LionState = readonly [ScaleByLionState, AddWeightDecayState, ScaleByScheduleState];

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): `chain(scaleByLion({ b1,
 * b2 }), addWeightDecay(weightDecay, mask), scaleByLearningRate(lr))`, the paper's Algorithm 2:
 * `p ← p − lr·(sign(b1·m + (1 − b1)·g) + wd·p)`, `m ← b2·m + (1 − b2)·g`. tfjs-core has no Lion.
 * Defaults are Keras's: lr 1e-3, b1 0.9, b2 0.99, no weight decay.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { lion, applyUpdates } from '@strata/optim';
 *
 * const opt = lion({ learningRate: 0.01 });
 * const params = { w: tf.tensor1d([1, 1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([0.5, -2]) }, opt.init(params), params);
 * applyUpdates(params, updates).w; // => [0.99, 1.01]
 * ```
 */
export function lion(options: LionOptions = {}): GradientTransformation<LionState> {
  assertKnownKeys(options, ['learningRate', 'weightDecay', 'mask', 'b1', 'b2'], 'lion');
  const { learningRate = 1e-3, weightDecay = 0, mask, ...moments } = options;
  assertRate(learningRate, 'lion({learningRate})');
  return chain(scaleByLion(moments), addWeightDecay(weightDecay, mask), scaleByLearningRate(learningRate));
}
