import { type Pool1dOptions, pool1dLayer } from './internal/pool1d-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

export type { Pool1dOptions } from './internal/pool1d-layer.js';

/**
 * 1-D max pooling over `[batch, steps, channels]` (TensorFlow's SAME/VALID windows; strides default to
 * the pool size, as Keras's `MaxPooling1D`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { maxPool1d } from '@strata/layers';
 *
 * const pool = maxPool1d({ poolSize: 2 });
 * pool.init(createRng(0), [null, 10, 4]).outputShape; // => [null, 5, 4]
 * pool.apply({}, tf.tensor3d([[[1], [3], [2], [0]]]), { training: false, state: {} }).y; // => [[[3], [2]]]
 * ```
 */
export function maxPool1d(options: Pool1dOptions = {}): LayerWithKind {
  return pool1dLayer(options, 'max', 'maxPool1d', 'max_pooling1d', 'MaxPooling1D');
}
