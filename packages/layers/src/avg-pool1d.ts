import { type Pool1dOptions, pool1dLayer } from './internal/pool1d-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * 1-D average pooling over `[batch, steps, channels]` (TensorFlow's SAME/VALID windows, SAME averaging
 * only the steps inside the input; strides default to the pool size, as Keras's `AveragePooling1D`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { avgPool1d } from '@strata/layers';
 *
 * const pool = avgPool1d({ poolSize: 2 });
 * pool.init(createRng(0), [null, 10, 4]).outputShape; // => [null, 5, 4]
 * pool.apply({}, tf.tensor3d([[[1], [3], [2], [0]]]), { training: false, state: {} }).y; // => [[[2], [1]]]
 * ```
 */
export function avgPool1d(options: Pool1dOptions = {}): LayerWithKind {
  return pool1dLayer(options, 'avg', 'avgPool1d', 'average_pooling1d', 'AveragePooling1D');
}
