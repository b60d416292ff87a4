import * as tf from '@tensorflow/tfjs-core';

/** Disposes every tensor inside nested objects and arrays (optimizer or metric state of any shape). */
export function disposeDeep(value: unknown): void {
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) value.dispose();
  } else if (Array.isArray(value)) {
    for (const v of value) disposeDeep(v);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) disposeDeep(v);
  }
}

/** Keeps every tensor inside nested objects and arrays out of the enclosing `tf.tidy`. */
export function keepDeep<T>(value: T): T {
  if (value instanceof tf.Tensor) tf.keep(value);
  else if (Array.isArray(value)) for (const v of value) keepDeep(v);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) keepDeep(v);
  return value;
}
