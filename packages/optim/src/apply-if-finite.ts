import {
  assertKnownKeys,
  assertNumber,
  type GradientTransformation,
  mapTree,
  treeLeaves,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertTransform, cloneState, tidyGeneric } from './internal.js';

export interface ApplyIfFiniteOptions {
  /**
   * After this many non-finite steps in a row, the next one is applied anyway (the inner state then
   * holds NaN: something is wrong beyond a stray batch). Default Infinity (always skip).
   */
  readonly maxConsecutiveErrors?: number;
}

/** The skip counters and the inner state (unchanged by skipped steps). */
export interface ApplyIfFiniteState<S> {
  /** Non-finite steps in a row, up to the last one. */
  readonly notFiniteCount: number;
  /** Non-finite steps since `init`. */
  readonly totalNotFinite: number;
  /** Whether the last step's gradients were finite. */
  readonly lastFinite: boolean;
  readonly inner: S;
}

/**
 * Skips a step whose gradients hold NaN or ±Infinity (optax's `apply_if_finite`): the updates are
 * zeros and the inner state is kept as it was (a copy), so one bad batch (a loss-scaling overflow, a
 * log of zero) does not poison the moments. Otherwise it is `inner`. Deciding needs one boolean read
 * from the device per step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyIfFinite, sgd } from '@strata/optim';
 *
 * const opt = applyIfFinite(sgd({ learningRate: 0.1 }));
 * const params = { w: tf.tensor1d([1, 1]) };
 * const out = opt.update({ w: tf.tensor1d([NaN, 1]) }, opt.init(params), params);
 * out.updates.w; // => [0, 0]
 * out.state.totalNotFinite; // => 1
 * ```
 */
export function applyIfFinite<S>(
  inner: GradientTransformation<S>,
  options: ApplyIfFiniteOptions = {},
): GradientTransformation<ApplyIfFiniteState<S>> {
  assertTransform(inner, 'applyIfFinite(inner)');
  assertKnownKeys(options, ['maxConsecutiveErrors'], 'applyIfFinite');
  const { maxConsecutiveErrors = Infinity } = options;
  if (maxConsecutiveErrors !== Infinity)
    assertNumber(maxConsecutiveErrors, 'applyIfFinite({maxConsecutiveErrors})', { min: 0 });
  return {
    init: (params) =>
      tidyGeneric(() => ({
        notFiniteCount: 0,
        totalNotFinite: 0,
        lastFinite: true,
        inner: inner.init(params),
      })),
    update(grads, state, params) {
      const ok = tf.tidy(() =>
        treeLeaves(grads).reduce<tf.Tensor>(
          (acc, g) => tf.logicalAnd(acc, tf.all(tf.isFinite(g))),
          tf.scalar(true, 'bool'),
        ),
      );
      const finite = ok.dataSync()[0] === 1;
      ok.dispose();
      const notFiniteCount = finite ? 0 : state.notFiniteCount + 1;
      const totalNotFinite = state.totalNotFinite + (finite ? 0 : 1);
      return tidyGeneric(() => {
        if (finite || notFiniteCount > maxConsecutiveErrors) {
          const out = inner.update(grads, state.inner, params);
          return {
            updates: out.updates,
            state: { notFiniteCount, totalNotFinite, lastFinite: finite, inner: out.state },
          };
        }
        return {
          updates: mapTree(grads, (g) => tf.zerosLike(g)),
          state: { notFiniteCount, totalNotFinite, lastFinite: false, inner: cloneState(state.inner) },
        };
      });
    },
  };
}
