import type { Loss } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * How per-sample losses become the result: `'mean'` over all samples (Keras's
 * `sum_over_batch_size`, the default), `'sum'`, or `'none'` (one loss per sample, shaped as the
 * targets without their last axis).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** A loss that keeps one value per sample (`reduction: 'none'`). */
export type PerSampleLoss = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** What a loss factory returns for a reduction: a scalar `Loss`, or per-sample values for `'none'`. */
export type LossFor<R extends Reduction> = R extends 'none' ? PerSampleLoss : Loss;
