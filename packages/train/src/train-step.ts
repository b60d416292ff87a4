import {
  flattenTree,
  type GradientTransformation,
  type Layer,
  type Loss,
  type Rng,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import { applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { localGradients } from './local-gradients.js';

export interface StepResult<OS> {
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  readonly loss: tf.Scalar;
  readonly yPred: tf.Tensor;
}

/**
 * One optimizer step: forward, loss, gradients with respect to every param, update. Returns new params,
 * model state and optimizer state, the loss and the predictions (all owned by the caller); the inputs
 * are left alone. Nothing here reads values back from the device.
 */
export function trainStep<OS>(
  model: Layer,
  loss: Loss,
  optimizer: GradientTransformation<OS>,
  params: TensorTree,
  state: TensorTree,
  optState: OS,
  x: tf.Tensor,
  y: tf.Tensor,
  rng: Rng,
): StepResult<OS> {
  // tidy keeps the returned tensors (found anywhere in the result) and frees the rest.
  return tf.tidy(() => {
    const local = localGradients(model, loss, params, state, x, y, rng);
    const keys = Object.keys(flattenTree(params));
    const gradTree = unflattenTree(Object.fromEntries(keys.map((k, i) => [k, local.grads[i]!])));
    const { updates, state: nextOptState } = optimizer.update(gradTree, optState, params);
    const nextParams = applyUpdates(params, updates);
    const result = {
      params: nextParams,
      state: local.state,
      optState: nextOptState,
      loss: local.loss,
      yPred: local.yPred,
    };
    return result as unknown as tf.TensorContainer;
  }) as unknown as StepResult<OS>;
}
