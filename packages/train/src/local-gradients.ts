import { flattenTree, type Layer, type Loss, type Rng, type TensorTree, unflattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { keepDeep } from './dispose.js';

export interface LocalGradients {
  /** d loss / d param for each param, in `keys` order (flattenTree order of the params). */
  readonly grads: tf.Tensor[];
  readonly loss: tf.Scalar;
  readonly yPred: tf.Tensor;
  readonly state: TensorTree;
}

/**
 * The first half of `trainStep`: forward, loss and gradients, without the update (data-parallel
 * workers average the gradients before updating; internal). Everything returned is owned by
 * the caller; the inputs are left alone.
 */
export function localGradients(
  model: Layer,
  loss: Loss,
  params: TensorTree,
  state: TensorTree,
  x: tf.Tensor,
  y: tf.Tensor,
  rng: Rng,
): LocalGradients {
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
    return {
      grads,
      loss: value,
      yPred: yPred as tf.Tensor,
      state: newState,
    } as unknown as tf.TensorContainer;
  }) as unknown as LocalGradients;
}
