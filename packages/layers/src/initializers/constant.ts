import { assertNumber } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializer.js';

/**
 * Every entry `value`.
 * @example
 * dense({ units: 10, biasInitializer: constant(0.1) });
 */
export function constant(value: number): Initializer {
  assertNumber(value, 'constant(value)');
  return (_rng, shape) => tf.fill(shape as number[], value, 'float32');
}

/**
 * All zeros (Keras's default bias initializer).
 * @example
 * dense({ units: 10, biasInitializer: zeros() });
 */
export function zeros(): Initializer {
  return constant(0);
}

/**
 * All ones (e.g. a normalization layer's scale).
 * @example
 * const gamma = ones()(createRng(0), [64]);
 */
export function ones(): Initializer {
  return constant(1);
}
