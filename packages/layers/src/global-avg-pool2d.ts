import { type GlobalPoolOptions, globalPoolLayer } from './internal/global-pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * The mean over the height and width of NHWC input for each channel, as Keras's `GlobalAveragePooling2D`
 * (`keepDims` keeps the pooled axes as size 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { globalAvgPool2d } from '@strata/layers';
 *
 * const pool = globalAvgPool2d();
 * pool.init(createRng(0), [null, 7, 7, 64]).outputShape; // => [null, 64]
 * pool.apply({}, tf.tensor4d([[[[1], [3]], [[2], [6]]]]), { training: false, state: {} }).y; // => [[3]]
 * ```
 */
export function globalAvgPool2d(options: GlobalPoolOptions = {}): LayerWithKind {
  return globalPoolLayer(
    options,
    'avg',
    2,
    'globalAvgPool2d',
    'global_average_pooling2d',
    'GlobalAveragePooling2D',
  );
}
