import {
  assertKnownKeys,
  assertNumber,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

export interface TraceMomentumOptions {
  /** The momentum coefficient, ≥ 0 (typically 0.9). */
  readonly decay: number;
  /** Use Nesterov's look-ahead form. Default false. */
  readonly nesterov?: boolean;
}

/** The momentum buffer, shaped like the params. */
export interface TraceMomentumState {
  readonly trace: TensorTree;
}

/**
 * Accumulates a momentum trace, `t = g + decay·t`, and emits `t` (heavy ball; Polyak 1964) or, with
 * `nesterov`, `g + decay·t` (Sutskever et al. 2013's reformulation of Nesterov's method). These are
 * exactly tfjs-core's `MomentumOptimizer` accumulations, and optax's `trace`; the learning rate is
 * applied afterwards by `scaleByLearningRate` (see `sgd`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { traceMomentum } from '@strata/optim';
 *
 * const m = traceMomentum({ decay: 0.9 });
 * const params = { w: tf.zeros([1]) };
 * const s1 = m.update({ w: tf.tensor1d([1]) }, m.init(params));
 * s1.updates.w; // => [1]
 * const s2 = m.update({ w: tf.tensor1d([1]) }, s1.state); // 0.9 · 1 + 1
 * s2.updates.w; // => [1.9]
 * ```
 */
export function traceMomentum(options: TraceMomentumOptions): GradientTransformation<TraceMomentumState> {
  assertKnownKeys(options, ['decay', 'nesterov'], 'traceMomentum');
  const { decay, nesterov = false } = options;
  assertNumber(decay, 'traceMomentum({decay})', { min: 0 });
  return {
    init: (params) => tf.tidy(() => ({ trace: mapTree(params, (p) => tf.zerosLike(p)) })),
    update(grads, state) {
      return tf.tidy(() => {
        const trace = zipTrees([grads, state.trace], ([g, t]) => tf.add(tf.mul(t!, decay), g!), {
          label: 'traceMomentum',
          names: ['grads', 'state.trace'],
        });
        // The updates must not alias the state: the caller may dispose them separately.
        const updates = nesterov
          ? zipTrees([grads, trace], ([g, t]) => tf.add(g!, tf.mul(t!, decay)), {
              label: 'traceMomentum',
              names: ['grads', 'trace'],
            })
          : mapTree(trace, (t) => tf.clone(t));
        return { updates, state: { trace } };
      });
    },
  };
}
