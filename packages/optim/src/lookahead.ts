import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  ConfigError,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertTransform, tidyGeneric } from './internal.js';

export interface LookaheadOptions {
  /** Fast steps between synchronisations (the paper's k), a positive integer. Default 5. */
  readonly syncPeriod?: number;
  /** How far the slow weights move towards the fast ones (the paper's α), in [0, 1]. Default 0.5. */
  readonly slowStepSize?: number;
}

/** The slow weights, the step count and the fast optimizer's state. */
export interface LookaheadState<S> {
  readonly count: number;
  readonly slow: TensorTree;
  readonly inner: S;
}

/**
 * Lookahead (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step back"): the params
 * the loop holds are the fast weights, moved by `inner` on each step; every `syncPeriod`-th step the
 * slow weights (kept in the state, a copy of the params at `init`) move `slowStepSize` of the way to
 * the fast weights, `slow ← slow + α·(fast − slow)`, and the fast weights are reset to them.
 *
 * With `applyUpdates` this works unchanged: on a sync step the update is `slow_new − params`, so
 * `applyUpdates` lands the params on the new slow weights (to float32 rounding; `state.slow` holds
 * them exactly), and on other steps it is `inner`'s update. optax instead keeps both weight sets in
 * the params (`LookaheadParams`); here the params stay a plain tree. Evaluate with `state.slow` for the
 * paper's slow-weight model between syncs. `update` needs the params.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { lookahead, sgd, applyUpdates } from '@strata/optim';
 *
 * const opt = lookahead(sgd({ learningRate: 1 }), { syncPeriod: 2, slowStepSize: 0.5 });
 * const p0 = { w: tf.zeros([1]) };
 * const s1 = opt.update({ w: tf.tensor1d([1]) }, opt.init(p0), p0);
 * const p1 = applyUpdates(p0, s1.updates); // a fast step: w = −1
 * const s2 = opt.update({ w: tf.tensor1d([2]) }, s1.state, p1);
 * // The fast weight would be −3; the slow one moves halfway from 0 to it, and w lands there.
 * applyUpdates(p1, s2.updates).w; // => [-1.5]
 * ```
 */
export function lookahead<S>(
  inner: GradientTransformation<S>,
  options: LookaheadOptions = {},
): GradientTransformation<LookaheadState<S>> {
  assertTransform(inner, 'lookahead(inner)');
  assertKnownKeys(options, ['syncPeriod', 'slowStepSize'], 'lookahead');
  const { syncPeriod = 5, slowStepSize = 0.5 } = options;
  assertInteger(syncPeriod, 'lookahead({syncPeriod})');
  assertNumber(slowStepSize, 'lookahead({slowStepSize})', { min: 0, max: 1 });
  return {
    init: (params) =>
      tidyGeneric(() => ({ count: 0, slow: mapTree(params, (p) => tf.clone(p)), inner: inner.init(params) })),
    update(grads, state, params) {
      if (!params)
        throw new ConfigError(
          'lookahead',
          'update needs the params (the fast weights); pass them as the third argument',
        );
      return tidyGeneric(() => {
        const out = inner.update(grads, state.inner, params);
        const count = state.count + 1;
        if (count % syncPeriod !== 0) {
          return {
            updates: out.updates,
            state: { count, slow: mapTree(state.slow, (s) => tf.clone(s)), inner: out.state },
          };
        }
        const names = { label: 'lookahead', names: ['params', 'updates', 'state.slow'] };
        const slow = zipTrees(
          [params, out.updates, state.slow],
          ([p, u, s]) => tf.add(s!, tf.mul(tf.sub(tf.add(p!, u!), s!), slowStepSize)),
          names,
        );
        const updates = zipTrees([slow, params], ([s, p]) => tf.sub(s!, p!), names);
        return { updates, state: { count, slow, inner: out.state } };
      });
    },
  };
}
