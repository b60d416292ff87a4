import { assertNumber } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializer.js';

/**
 * Every entry `value`.
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { constant, dense } from '@strata/layers';
 *
 * constant(0.1)(createRng(0), [2]); // => [0.1, 0.1]
 * const layer = dense({ units: 10, biasInitializer: constant(0.1) });
 * ```
 */
export function constant(value: number): Initializer {
  assertNumber(value, 'constant(value)');
  return (_rng, shape) => tf.fill(shape as number[], value, 'float32');
}

/**
 * All zeros (Keras's default bias initializer).
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { zeros } from '@strata/layers';
 *
 * zeros()(createRng(0), [2, 1]); // => [[0], [0]]
 * ```
 */
export function zeros(): Initializer {
  return constant(0);
}

/**
 * All ones (e.g. a normalization layer's scale).
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { ones } from '@strata/layers';
 *
 * const gamma = ones()(createRng(0), [3]); // => [1, 1, 1]
 * ```
 */
export function ones(): Initializer {
  return constant(1);
}
