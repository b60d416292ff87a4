import * as tf from '@tensorflow/tfjs-core';

/**
 * The forward pass of a `customOp`: the inputs as an array and tfjs's `save`, returning the value and
 * a gradient function that maps the upstream gradient `dy` to one gradient per input, in order.
 */
export type CustomOpForward = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * An op with a hand-written gradient: `tf.customGrad` with the inputs as one typed array instead of
 * variadic arguments whose last one is `save`. Its gradient needs no kernel gradient from tfjs's
 * registry (which tfjs-core's Node build leaves empty), and one fused backward pass can replace the
 * several kernels autodiff would run.
 *
 * The gradient must be computed from `saved` (or recomputed from the inputs): tensors made in the
 * forward pass other than `value` are freed when it returns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { customOp } from '@strata/core';
 *
 * // x · y, with d/dx = y and d/dy = x written by hand.
 * const mul = customOp(([x, y], save) => {
 *   save([x!, y!]);
 *   return { value: tf.mul(x!, y!), gradFunc: (dy, [xs, ys]) => [tf.mul(dy, ys!), tf.mul(dy, xs!)] };
 * });
 * const a = tf.tensor1d([1, 2]);
 * const b = tf.tensor1d([3, 4]);
 * const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => mul(p, q))([a, b]); // [3, 4] and [1, 2]
 * tf.dispose([a, b, da!, db!]);
 * ```
 */
export function customOp(forward: CustomOpForward): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as tf.Tensor[], save);
  }) as Parameters<typeof tf.customGrad>[0]);
}
