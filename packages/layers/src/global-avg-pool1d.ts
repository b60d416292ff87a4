import { type GlobalPoolOptions, globalPoolLayer } from './internal/global-pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

export type { GlobalPoolOptions } from './internal/global-pool-layer.js';

/**
 * The mean over the steps of `[batch, steps, channels]` for each channel, as Keras's `GlobalAveragePooling1D`
 * (`keepDims` keeps the pooled axes as size 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { globalAvgPool1d } from '@strata/layers';
 *
 * const pool = globalAvgPool1d();
 * pool.init(createRng(0), [null, 10, 4]).outputShape; // => [null, 4]
 * pool.apply({}, tf.tensor3d([[[1, 2], [3, 0]]]), { training: false, state: {} }).y; // => [[2, 1]]
 * ```
 */
export function globalAvgPool1d(options: GlobalPoolOptions = {}): LayerWithKind {
  return globalPoolLayer(
    options,
    'avg',
    1,
    'globalAvgPool1d',
    'global_average_pooling1d',
    'GlobalAveragePooling1D',
  );
}
