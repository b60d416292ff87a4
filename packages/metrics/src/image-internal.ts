import { assertNumber, formatShape, ShapeError, sameShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/*
 * What the image metrics share (not exported from the package): NHWC checks and the mean of a
 * per-image score.
 */

/** The sum of per-image scores (float32) and how many images (int32). */
export type ImageMetricState = { readonly total: tf.Tensor; readonly count: tf.Tensor };

/**
 * A metric that is the mean over images of `perImage(yTrue, yPred)` (`[B]` from two float32
 * `[B, H, W, C]` batches). With no image seen the result is NaN.
 */
export function imageMetric(
  fn: string,
  name: string,
  maxVal: number,
  perImage: (yTrue: tf.Tensor4D, yPred: tf.Tensor4D) => tf.Tensor,
): StreamingMetric<ImageMetricState, number> {
  assertNumber(maxVal, `${fn}({maxVal})`, { min: 0, exclusiveMin: true });
  const label = `${fn}(${name})`;
  return defineMetric<ImageMetricState, number>({
    name,
    higherIsBetter: true,
    reductions: { total: 'sum', count: 'sum' },
    init: () => ({ total: tf.scalar(0), count: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      if (yPred.rank !== 4 || !sameShape(yTrue.shape, yPred.shape)) {
        throw new ShapeError(
          label,
          `images of shape ${formatShape(yTrue.shape)} and ${formatShape(yPred.shape)} must both be [batch, height, width, channels]`,
        );
      }
      const scores = perImage(
        tf.cast(yTrue, 'float32') as tf.Tensor4D,
        tf.cast(yPred, 'float32') as tf.Tensor4D,
      );
      return { total: tf.sum(scores), count: tf.scalar(yPred.shape[0]!, 'int32') };
    },
    compute(state) {
      const { total, count } = readState(state);
      return count[0]! > 0 ? total[0]! / count[0]! : Number.NaN;
    },
  });
}
