import type { Loss } from '@strata/core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * How per-sample losses become the result: `'mean'` over all samples (Keras's
 * `sum_over_batch_size`, the default), `'sum'`, or `'none'` (one loss per sample, shaped as the
 * targets without their last axis).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/**
 * A loss that keeps one value per sample (`reduction: 'none'`). `sampleWeight`, shaped as the samples
 * (or with a trailing 1, or a scalar), multiplies each sample's loss.
 */
export type PerSampleLoss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor;

/**
 * A scalar loss that also takes per-sample weights: Σ w_i·ℓ_i divided by the number of samples for
 * `'mean'` (Keras's `sum_over_batch_size`), Σ w_i·ℓ_i for `'sum'`. Usable wherever a `Loss` is.
 */
export type WeightedLoss = Loss & ((yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Scalar);

/** What a loss factory returns for a reduction: a scalar `WeightedLoss`, or per-sample values for `'none'`. */
export type LossFor<R extends Reduction> = R extends 'none' ? PerSampleLoss : WeightedLoss;

/**
 * The option every loss takes: one weight per class, multiplying the loss of each sample (or, for
 * element-wise losses, each element) by its target class's weight. How a loss reads a target's class:
 * categorical losses from the class axis (Σ_c t_c·w_c, w[class] for one-hot targets), sparse ones
 * from the label, element-wise ones from the target value (w₀ for 0, w₁ for 1, interpolated between,
 * as Keras's `class_weight` reads targets).
 */
export interface ClassWeightsOption {
  readonly classWeights?: readonly number[];
}
