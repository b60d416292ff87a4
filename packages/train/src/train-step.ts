import type { GradientTransformation, Layer, Loss, Rng, StepOutput, TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { localExchange } from './run-epoch.js';
import { supervisedStep } from './supervised-step.js';

export interface StepResult<OS> {
  readonly params: TensorTree;
  readonly state: TensorTree;
  readonly optState: OS;
  readonly loss: tf.Scalar;
  readonly yPred: tf.Tensor;
}

/**
 * One supervised optimizer step outside `fit` (what `fit` runs per batch by default): forward, loss,
 * gradients with respect to every param, update. Returns new params, model state and optimizer state,
 * the loss and the predictions (all owned by the caller); the inputs are left alone. Nothing here
 * reads values back from the device.
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
  const step = supervisedStep({ model, inputShape: [], loss, optimizer });
  // tidy keeps the returned tensors (found anywhere in the result) and frees the rest.
  const out = tf.tidy(
    () =>
      step.step(
        { params, state, optState },
        { x, y },
        {
          rng,
          step: 0,
          allMean: localExchange.allMean,
        },
      ) as unknown as tf.TensorContainer,
  ) as unknown as StepOutput<OS>;
  return {
    params: out.params,
    state: out.state,
    optState: out.optState,
    loss: out.logs.loss!,
    yPred: out.outputs!.yPred,
  };
}
