import {
  flattenTree,
  type GradientTransformation,
  mapTree,
  type StepContext,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import { applyUpdates } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';

/** What an objective returns: the loss to minimise, other scalars to log, and the new model state. */
export interface Objective {
  readonly loss: tf.Scalar;
  readonly logs: Readonly<Record<string, tf.Scalar>>;
  readonly state: TensorTree;
}

/**
 * One optimizer step on `objective(params)`: gradients of every param, averaged with the model state
 * over the global batch (`ctx.allMean`), one update. Runs inside the loop's tidy; the extra logs and
 * the state are kept out of `valueAndGrads`' own tidy.
 */
export function gradientStep<OS>(
  params: TensorTree,
  optState: OS,
  optimizer: GradientTransformation<OS>,
  ctx: StepContext,
  objective: (params: TensorTree) => Objective,
): { params: TensorTree; state: TensorTree; optState: OS; logs: Record<string, tf.Scalar> } {
  const flat = flattenTree(params);
  const names = Object.keys(flat);
  let logs: Record<string, tf.Scalar> = {};
  let state: TensorTree = {};
  const f = (...leaves: tf.Tensor[]): tf.Scalar => {
    const out = objective(unflattenTree(Object.fromEntries(names.map((k, i) => [k, leaves[i]!]))));
    logs = Object.fromEntries(Object.entries(out.logs).map(([k, v]) => [k, tf.keep(v)]));
    state = mapTree(out.state, (t) => tf.keep(t));
    return out.loss;
  };
  const { value, grads } = tf.valueAndGrads(f)(names.map((k) => flat[k]!));
  const local = unflattenTree(Object.fromEntries(names.map((k, i) => [k, grads[i]!])));
  const mean = ctx.allMean({ grads: local, state });
  const { updates, state: nextOpt } = optimizer.update(mean.grads as TensorTree, optState, params);
  return {
    params: applyUpdates(params, updates),
    state: mean.state as TensorTree,
    optState: nextOpt,
    logs: { loss: value, ...logs },
  };
}
