import { assertKnownKeys, assertNumber, truncatedNormal as drawTruncated } from '@strata/core';
import type { Initializer } from './initializer.js';

/**
 * Draws from a normal of `mean` and `stddev` (defaults 0 and 0.05, as Keras's `TruncatedNormal`),
 * redrawing values more than two standard deviations from the mean. As in Keras and TensorFlow,
 * `stddev` is that of the normal before truncation; the draws' own standard deviation is about
 * 0.88 · stddev.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { truncatedNormal } from '@strata/layers';
 *
 * const w = truncatedNormal({ stddev: 0.1 })(createRng(0), [100, 100]);
 * // Nothing beyond two standard deviations:
 * tf.max(tf.abs(w)).arraySync() <= 0.2; // => true
 * ```
 */
export function truncatedNormal(
  options: { readonly mean?: number; readonly stddev?: number } = {},
): Initializer {
  assertKnownKeys(options ?? {}, ['mean', 'stddev'], 'truncatedNormal');
  const { mean = 0, stddev = 0.05 } = options;
  assertNumber(mean, 'truncatedNormal({mean})');
  assertNumber(stddev, 'truncatedNormal({stddev})', { min: 0, exclusiveMin: true });
  return (rng, shape) => drawTruncated(rng, shape, mean, stddev);
}
