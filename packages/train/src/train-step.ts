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
import { keepDeep } from './dispose.js';

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
    const flat = flattenTree(params);
    const keys = Object.keys(flat);
    let newState: TensorTree = state;
    let yPred: tf.Tensor | undefined;
    const f = (...leaves: tf.Tensor[]): tf.Scalar => {
      const p = unflattenTree(Object.fromEntries(keys.map((k, i) => [k, leaves[i]!])));
      const out = model.apply(p, x, { training: true, rng, state });
      // valueAndGrads runs f in its own tidy, which would free these; keep them for the caller.
      newState = keepDeep(out.state);
      yPred = tf.keep(out.y);
      return loss(y, out.y);
    };
    const { value, grads } = tf.valueAndGrads(f)(keys.map((k) => flat[k]!));
    const gradTree = unflattenTree(Object.fromEntries(keys.map((k, i) => [k, grads[i]!])));
    const { updates, state: nextOptState } = optimizer.update(gradTree, optState, params);
    const nextParams = applyUpdates(params, updates);
    const result = {
      params: nextParams,
      state: newState,
      optState: nextOptState,
      loss: value,
      yPred: yPred as tf.Tensor,
    };
    return result as unknown as tf.TensorContainer;
  }) as unknown as StepResult<OS>;
}
