import { formatShape, ShapeError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AugmentBatch } from '../types.js';

/** Mixing augmentations need float labels [N, K] (one-hot or soft) beside the images. */
export function checkMixLabels(fn: string, batch: AugmentBatch): tf.Tensor {
  const { x, y } = batch;
  if (y === undefined) {
    throw new ShapeError(fn, 'needs labels y [N, K] (one-hot or soft) to mix with the images; pass { x, y }');
  }
  if (y.rank !== 2 || y.shape[0] !== x.shape[0] || y.dtype !== 'float32') {
    throw new ShapeError(
      fn,
      `labels must be float32 one-hot or soft [N, K] with N = ${x.shape[0]} (images ${formatShape(x.shape)}), got ${y.dtype} ${formatShape(y.shape)}; one-hot encode integer labels first`,
    );
  }
  return y;
}
