import { type GlobalPoolOptions, globalPoolLayer } from './internal/global-pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * The maximum over the steps of `[batch, steps, channels]` for each channel, as Keras's `GlobalMaxPooling1D`
 * (`keepDims` keeps the pooled axes as size 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { globalMaxPool1d } from '@strata/layers';
 *
 * const pool = globalMaxPool1d();
 * pool.init(createRng(0), [null, 10, 4]).outputShape; // => [null, 4]
 * pool.apply({}, tf.tensor3d([[[1, 2], [3, 0]]]), { training: false, state: {} }).y; // => [[3, 2]]
 * ```
 */
export function globalMaxPool1d(options: GlobalPoolOptions = {}): LayerWithKind {
  return globalPoolLayer(options, 'max', 1, 'globalMaxPool1d', 'global_max_pooling1d', 'GlobalMaxPooling1D');
}
