import * as tf from '@tensorflow/tfjs-core';

/*
 * Helpers shared by the transformations in this package (not exported from the package). Tree
 * zipping with key and shape checks and rate resolution live in @strata/core (`zipTrees`,
 * `resolveRate`, `assertRate`).
 */

/**
 * `tf.tidy` for results whose static type tfjs cannot see as a `TensorContainer` (generic states).
 * Tensors anywhere inside the returned objects and arrays are kept, as with `tf.tidy`.
 */
export function tidyGeneric<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
