import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '../reduction.js';
import { checkFloat, checkSameShape } from './checks.js';

/** An element-wise loss ℓ(t, p) and its gradient. */
export interface ElementwiseSpec {
  value(t: tf.Tensor, p: tf.Tensor): tf.Tensor;
  /** [g · ∂ℓ/∂t, g · ∂ℓ/∂p] for upstream weights `g` (broadcast to the elements). */
  grad(t: tf.Tensor, p: tf.Tensor, g: tf.Tensor): [tf.Tensor, tf.Tensor];
}

/**
 * A loss that averages ℓ over the last axis per sample (as Keras's element-wise losses do; a rank-1
 * input has one element per sample), then reduces over samples. The value and the gradient are written
 * out together (`customGrad`), so training needs no gradient registry.
 */
export function elementwiseLoss(
  fn: string,
  spec: ElementwiseSpec,
  reduction: Reduction,
  prepareTargets: (t: tf.Tensor) => tf.Tensor = (t) => t,
): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (yTrue, yPred) => {
    checkSameShape(fn, yTrue, yPred);
    checkFloat(fn, yPred);
    return tf.tidy(() => {
      const t = prepareTargets(yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32'));
      const perSampleAxis = yPred.rank >= 2;
      const width = perSampleAxis ? yPred.shape[yPred.rank - 1]! : 1;
      const op = customOp(([tIn, pIn], save) => {
        const elements = spec.value(tIn!, pIn!);
        save([tIn!, pIn!]);
        const value =
          reduction === 'none'
            ? perSampleAxis
              ? tf.mean(elements, -1)
              : elements
            : reduction === 'sum'
              ? tf.div(tf.sum(elements), width)
              : tf.mean(elements);
        const gradFunc = (dy: tf.Tensor, [ts, ps]: tf.Tensor[]) => {
          const g =
            reduction === 'none'
              ? perSampleAxis
                ? tf.div(tf.expandDims(dy, -1), width)
                : dy
              : tf.mul(dy, reduction === 'sum' ? 1 / width : 1 / Math.max(ps!.size, 1));
          return spec.grad(ts!, ps!, g);
        };
        return { value, gradFunc };
      });
      return op(t, yPred);
    });
  };
}
