import { formatShape, ShapeError, sameShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/*
 * Label handling shared by the classification metrics (not exported from the package).
 */

/**
 * Class indices (int32, shaped like `yPred` without its class axis) from labels given as indices
 * (`[B]` or `[B, 1]`, any numeric dtype) or one-hot/probability rows (`[B, C]`, like `yPred`).
 */
export function classIndices(yTrue: tf.Tensor, yPred: tf.Tensor, label: string): tf.Tensor {
  const batchShape = yPred.shape.slice(0, -1);
  if (sameShape(yTrue.shape, yPred.shape)) return tf.argMax(yTrue, -1);
  if (sameShape(yTrue.shape, batchShape)) return tf.cast(yTrue, 'int32');
  if (sameShape(yTrue.shape, [...batchShape, 1])) return tf.cast(tf.reshape(yTrue, batchShape), 'int32');
  throw new ShapeError(
    label,
    `labels of shape ${formatShape(yTrue.shape)} do not fit predictions of shape ${formatShape(yPred.shape)}; ` +
      `pass class indices of shape ${formatShape(batchShape)} or one-hot labels of shape ${formatShape(yPred.shape)}`,
  );
}

/** Drops trailing 1s so [B], [B, 1] and [B, 1, 1] compare equal. */
function squeezeTrailing(shape: readonly number[]): number[] {
  const s = shape.slice();
  while (s.length > 1 && s[s.length - 1] === 1) s.pop();
  return s;
}

/** Checks that binary labels and predictions describe the same samples ([B] vs [B, 1] is fine). */
export function assertBinaryShapes(yTrue: tf.Tensor, yPred: tf.Tensor, label: string): void {
  if (!sameShape(squeezeTrailing(yTrue.shape), squeezeTrailing(yPred.shape))) {
    throw new ShapeError(
      label,
      `binary labels of shape ${formatShape(yTrue.shape)} do not match predictions of shape ${formatShape(yPred.shape)}; pass one score per label`,
    );
  }
}
