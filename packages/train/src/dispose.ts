import * as tf from '@tensorflow/tfjs-core';

/** Disposes every tensor inside nested objects and arrays: core's `disposeTree`, under train's old name. */
export { disposeTree as disposeDeep } from '@strata/core';

/** Keeps every tensor inside nested objects and arrays out of the enclosing `tf.tidy`. */
export function keepDeep<T>(value: T): T {
  for (const t of tensorsIn(value)) tf.keep(t);
  return value;
}

/** Every tensor inside nested objects and arrays. */
export function tensorsIn(value: unknown, into = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) into.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) tensorsIn(v, into);
  return into;
}
