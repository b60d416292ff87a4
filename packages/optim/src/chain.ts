import { type GradientTransformation, mapTree, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { tidyGeneric } from './internal.js';
import type { StateOf } from './types.js';

/** The state of `chain(a, b, ...)`: the tuple of each transformation's state, in order. */
export type ChainState<T extends readonly GradientTransformation<unknown>[]> = {
  readonly [K in keyof T]: StateOf<T[K]>;
};

/**
 * Applies transformations one after another: the updates of each are the gradients of the next
 * (optax's `chain`). The state is the tuple of the inner states. As with every transformation here,
 * `update` returns new updates and a new state (the caller owns both) and leaves its inputs alone.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { chain, scaleByAdam, scaleByLearningRate, applyUpdates, disposeState } from '@strata/optim';
 *
 * const opt = chain(scaleByAdam(), scaleByLearningRate(1e-3));   // what adam() builds
 * const params = { w: tf.tensor1d([1, 2]) };
 * const state = opt.init(params);
 * const { updates, state: next } = opt.update({ w: tf.tensor1d([0.5, -0.5]) }, state, params);
 * const newParams = applyUpdates(params, updates);
 * newParams.w; // => [0.999, 2.001]
 * disposeState(state); // the caller frees the old state
 * ```
 */
export function chain<const T extends readonly GradientTransformation<unknown>[]>(
  ...transforms: T
): GradientTransformation<ChainState<T>> {
  return {
    init: (params) => tidyGeneric(() => transforms.map((t) => t.init(params)) as unknown as ChainState<T>),
    update(grads, state, params) {
      return tidyGeneric(() => {
        // An empty chain still hands the caller tensors it owns, never the gradients themselves.
        let updates: TensorTree = transforms.length === 0 ? mapTree(grads, (g) => tf.clone(g)) : grads;
        const states: unknown[] = [];
        transforms.forEach((t, i) => {
          const out = t.update(updates, state[i], params);
          // Free each intermediate as soon as the next transformation has consumed it.
          if (i > 0) tf.dispose(updates as unknown as tf.TensorContainer);
          updates = out.updates;
          states.push(out.state);
        });
        return { updates, state: states as unknown as ChainState<T> };
      });
    },
  };
}
