export { type AdagradOptions, type AdagradState, adagrad } from './adagrad.js';
export { type AdamOptions, type AdamState, adam } from './adam.js';
export { type AdamaxOptions, type AdamaxState, adamax } from './adamax.js';
export { type AdamwOptions, type AdamwState, adamw } from './adamw.js';
export { type AddNoiseOptions, type AddNoiseState, addNoise } from './add-noise.js';
export { type AddWeightDecayState, addWeightDecay, type DecayMask } from './add-weight-decay.js';
export { type AmsgradOptions, amsgrad } from './amsgrad.js';
export { type ApplyIfFiniteOptions, type ApplyIfFiniteState, applyIfFinite } from './apply-if-finite.js';
export { applyUpdates } from './apply-updates.js';
export { type ChainState, chain } from './chain.js';
export { clipByGlobalNorm } from './clip-by-global-norm.js';
export { clipByNorm } from './clip-by-norm.js';
export { clipByValue } from './clip-by-value.js';
export { constantSchedule } from './constant-schedule.js';
export { type CosineDecayOptions, cosineDecay } from './cosine-decay.js';
export { disposeState } from './dispose-state.js';
export { type ExponentialDecayOptions, exponentialDecay } from './exponential-decay.js';
export { type InverseTimeDecayOptions, inverseTimeDecay } from './inverse-time-decay.js';
export { joinSchedules } from './join-schedules.js';
export { type LinearScheduleOptions, linearSchedule } from './linear-schedule.js';
export { type LionOptions, type LionState, lion } from './lion.js';
export { type LookaheadOptions, type LookaheadState, lookahead } from './lookahead.js';
export { type MaskedState, masked, type ParamSelector } from './masked.js';
export { type MomentumOptions, momentum } from './momentum.js';
export { type MultiStepsOptions, type MultiStepsState, multiSteps } from './multi-steps.js';
export { type NadamOptions, nadam } from './nadam.js';
export { type NesterovOptions, nesterov } from './nesterov.js';
export { type OneCycle, type OneCycleOptions, oneCycle } from './one-cycle.js';
export { type ParamLabels, type PartitionState, partition } from './partition.js';
export { type PiecewiseConstantOptions, piecewiseConstant } from './piecewise-constant.js';
export { type PolynomialDecayOptions, polynomialDecay } from './polynomial-decay.js';
export {
  type ReduceOnPlateau,
  type ReduceOnPlateauCallback,
  type ReduceOnPlateauCallbackState,
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
  reduceOnPlateau,
} from './reduce-on-plateau.js';
export { type RmspropOptions, type RmspropState, rmsprop } from './rmsprop.js';
export { scale } from './scale.js';
export { type ScaleByAdagradOptions, type ScaleByAdagradState, scaleByAdagrad } from './scale-by-adagrad.js';
export { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
export { type ScaleByAdamaxOptions, type ScaleByAdamaxState, scaleByAdamax } from './scale-by-adamax.js';
export { type ScaleByLearningRateOptions, scaleByLearningRate } from './scale-by-learning-rate.js';
export { type ScaleByLionOptions, type ScaleByLionState, scaleByLion } from './scale-by-lion.js';
export { type ScaleByNadamOptions, scaleByNadam } from './scale-by-nadam.js';
export { type ScaleByRmsOptions, type ScaleByRmsState, scaleByRms } from './scale-by-rms.js';
export { type ScaleByScheduleState, scaleBySchedule } from './scale-by-schedule.js';
export { setToZero } from './set-to-zero.js';
export { type SgdOptions, type SgdState, sgd } from './sgd.js';
export { type SgdrScheduleOptions, sgdrSchedule } from './sgdr-schedule.js';
export { type TraceMomentumOptions, type TraceMomentumState, traceMomentum } from './trace-momentum.js';
export type { EmptyState, StateOf } from './types.js';
export { type WarmupCosineDecayOptions, warmupCosineDecay } from './warmup-cosine-decay.js';
