import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** One input's gradient, computed only when the tape asks for it. */
export type GradThunk = () => tf.Tensor;

type LazyForward = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => GradThunk[] };

/** The part of tfjs-core's `Engine` that `tf.customGrad` is built on (public in JS, private in its types). */
interface KernelFuncEngine {
  runKernelFunc(invocation: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, GradThunk>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
}

/**
 * `customOp` whose gradient is one thunk per input. tfjs's tape prunes, from each op, the inputs that
 * do not depend on the tensors being differentiated, and calls only the remaining inputs' gradient
 * functions (tfjs-core `tape.ts`, `backpropagateGradients`); `tf.customGrad` hands it gradients it has
 * already computed, so a layer on the model's input (data, not a parameter) still pays for its input
 * gradient, on the seed CNN a `Conv2DBackpropInput` of 5% of the training step. Building the op
 * through the engine's `runKernelFunc`, as `tf.customGrad` itself does, keeps each gradient lazy.
 * Work shared by several gradients belongs in `gradFunc` itself (it runs once); tensors it makes live
 * until the backward pass ends. Where the engine lacks `runKernelFunc`, every thunk runs (customOp).
 */
export function lazyGradOp(forward: LazyForward): (...inputs: tf.Tensor[]) => tf.Tensor {
  return (...inputs: tf.Tensor[]) => {
    const engine = tf.engine() as unknown as Partial<KernelFuncEngine>;
    if (typeof engine.runKernelFunc !== 'function') {
      return customOp((xs, save) => {
        const { value, gradFunc } = forward(xs, save);
        return { value, gradFunc: (dy, saved) => gradFunc(dy, saved).map((grad) => grad()) };
      })(...inputs);
    }
    let gradFunc: ReturnType<LazyForward>['gradFunc'] | undefined;
    return engine.runKernelFunc({
      inputs: Object.fromEntries(inputs.map((t, i) => [String(i), t])),
      forwardFunc: (_backend, save) => {
        const out = forward(inputs, save);
        gradFunc = out.gradFunc;
        return out.value;
      },
      backwardsFunc: (dy, saved) =>
        Object.fromEntries(gradFunc!(dy, saved).map((grad, i) => [String(i), grad])),
    });
  };
}
