import { ConfigError, formatShape, type Rng, sameShape } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Makes a new tensor of `shape` (owned by the caller) from the explicit generator `rng`. Initializers
 * are made by factories (`glorotUniform()`, `constant(0.1)`), so a layer option takes the result of a
 * call.
 */
export type Initializer = (rng: Rng, shape: readonly number[]) => Tensor;

/** Runs an initializer and checks that it kept its side of the contract. */
export function initialize(init: Initializer, rng: Rng, shape: readonly number[], label: string): Tensor {
  const t: unknown = init(rng, shape);
  if (typeof t === 'function') {
    throw new ConfigError(label, 'returned a function: pass the initializer made by a call, e.g. heNormal()');
  }
  const tensor = t as Tensor;
  if (typeof t !== 'object' || t === null || !('shape' in t) || !sameShape(tensor.shape, shape)) {
    throw new ConfigError(label, `must return a tensor of shape ${formatShape(shape)}`);
  }
  return tensor;
}
