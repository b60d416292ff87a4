import { type Pool2dOptions, poolLayer } from './internal/pool-layer.js';
import type { LayerWithKind } from './layer-with-kind.js';

export type { Pool2dOptions } from './internal/pool-layer.js';

/**
 * 2-D max pooling over NHWC input (TensorFlow's SAME/VALID windows; strides default to the pool size).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { maxPool2d } from '@strata/layers';
 *
 * const pool = maxPool2d({ poolSize: 2 });
 * pool.init(createRng(0), [null, 26, 26, 32]).outputShape; // => [null, 13, 13, 32]
 * ```
 */
export function maxPool2d(options: Pool2dOptions = {}): LayerWithKind {
  return poolLayer(options, 'max', 'maxPool2d', 'max_pooling2d', 'MaxPooling2D');
}
