import * as tf from '@tensorflow/tfjs-core';

type Forward = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * `tf.customGrad` with the inputs as an array. The gradient must come from `saved` (or be recomputed):
 * tensors made in the forward pass are freed when it returns.
 */
export function customOp(forward: Forward): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as tf.Tensor[], save);
  }) as Parameters<typeof tf.customGrad>[0]);
}
