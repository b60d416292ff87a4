import {
  assertInteger,
  assertKnownKeys,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertTransform, cloneState, tidyGeneric } from './internal.js';

export interface MultiStepsOptions {
  /** How many steps' gradients to accumulate per update, a positive integer. */
  readonly everyK: number;
}

/** The steps accumulated since the last update, their gradient sum, and the inner state. */
export interface MultiStepsState<S> {
  readonly miniStep: number;
  readonly accGrads: TensorTree;
  readonly inner: S;
}

/**
 * Gradient accumulation (optax's `MultiSteps`): sums the gradients of `everyK` steps and on each
 * `everyK`-th step applies `inner` to their mean; the steps between emit zero updates and leave the
 * inner state as it was. With equal-sized batches that is one step of `inner` on a batch `everyK`
 * times larger (a training step larger than memory allows).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { multiSteps, sgd } from '@strata/optim';
 *
 * const opt = multiSteps(sgd({ learningRate: 1 }), { everyK: 2 });
 * const params = { w: tf.zeros([1]) };
 * const first = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * first.updates.w; // => [0]
 * const second = opt.update({ w: tf.tensor1d([4]) }, first.state, params);
 * // One SGD step on the mean gradient (2 + 4) / 2.
 * second.updates.w; // => [-3]
 * ```
 */
export function multiSteps<S>(
  inner: GradientTransformation<S>,
  options: MultiStepsOptions,
): GradientTransformation<MultiStepsState<S>> {
  assertTransform(inner, 'multiSteps(inner)');
  assertKnownKeys(options, ['everyK'], 'multiSteps');
  const { everyK } = options;
  assertInteger(everyK, 'multiSteps({everyK})');
  return {
    init: (params) =>
      tidyGeneric(() => ({
        miniStep: 0,
        accGrads: mapTree(params, (p) => tf.zerosLike(p)),
        inner: inner.init(params),
      })),
    update(grads, state, params) {
      return tidyGeneric(() => {
        const acc = zipTrees([grads, state.accGrads], ([g, a]) => tf.add(a!, g!), {
          label: 'multiSteps',
          names: ['grads', 'state.accGrads'],
        });
        if (state.miniStep + 1 < everyK) {
          return {
            updates: mapTree(grads, (g) => tf.zerosLike(g)),
            state: { miniStep: state.miniStep + 1, accGrads: acc, inner: cloneState(state.inner) },
          };
        }
        const out = inner.update(
          mapTree(acc, (a) => tf.div(a, everyK)),
          state.inner,
          params,
        );
        return {
          updates: out.updates,
          state: { miniStep: 0, accGrads: mapTree(acc, (a) => tf.zerosLike(a)), inner: out.state },
        };
      });
    },
  };
}
