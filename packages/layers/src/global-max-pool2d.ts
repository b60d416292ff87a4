import { type GlobalPoolOptions, globalPoolLayer } from './internal/global-pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * The maximum over the height and width of NHWC input for each channel, as Keras's `GlobalMaxPooling2D`
 * (`keepDims` keeps the pooled axes as size 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { globalMaxPool2d } from '@strata/layers';
 *
 * const pool = globalMaxPool2d();
 * pool.init(createRng(0), [null, 7, 7, 64]).outputShape; // => [null, 64]
 * pool.apply({}, tf.tensor4d([[[[1], [3]], [[2], [6]]]]), { training: false, state: {} }).y; // => [[6]]
 * ```
 */
export function globalMaxPool2d(options: GlobalPoolOptions = {}): LayerWithKind {
  return globalPoolLayer(options, 'max', 2, 'globalMaxPool2d', 'global_max_pooling2d', 'GlobalMaxPooling2D');
}
