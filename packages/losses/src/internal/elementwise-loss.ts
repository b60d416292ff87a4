import type * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '../reduction.js';
import { type ElementSpec, elementRows, rowLoss, type WeightedLossFn } from './row-loss.js';

export type { ElementSpec as ElementwiseSpec } from './row-loss.js';

/**
 * A loss that averages ℓ over the last axis per sample (as Keras's element-wise losses do; a rank-1
 * input has one element per sample), then weighs and reduces over samples. The value and the gradient
 * are written out together (`customGrad`), so training needs no gradient registry. Class weights read
 * each element's target as its class (see `ClassReading`'s `'value'`).
 */
export function elementwiseLoss(
  fn: string,
  spec: ElementSpec,
  reduction: Reduction,
  classWeights: readonly number[] | undefined,
  options: {
    readonly targets?: (t: tf.Tensor) => { t: tf.Tensor; slope: tf.Tensor | number };
    readonly classValue?: (t: tf.Tensor) => tf.Tensor;
  } = {},
): WeightedLossFn {
  return rowLoss(fn, elementRows(spec, classWeights, options.classValue), {
    reduction,
    classWeights,
    reading: 'value',
    ...(options.targets ? { targets: options.targets } : {}),
  });
}
