import { type Pool2dOptions, poolLayer } from './internal/pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * 2-D average pooling over NHWC input. With SAME padding each window averages only the positions inside
 * the input, as TensorFlow does (padding does not count as zeros).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { avgPool2d } from '@strata/layers';
 *
 * const pool = avgPool2d({ poolSize: 2, padding: 'same' });
 * pool.init(createRng(0), [null, 5, 5, 8]).outputShape; // => [null, 3, 3, 8]
 * ```
 */
export function avgPool2d(options: Pool2dOptions = {}): LayerWithKind {
  return poolLayer(options, 'avg', 'avgPool2d', 'average_pooling2d', 'AveragePooling2D');
}
