import {
  assertKnownKeys,
  assertNumber,
  type GradientTransformation,
  mapTree,
  type TensorTree,
  zipTrees,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertDecay, tidyGeneric } from './internal.js';

export interface ScaleByRmsOptions {
  /** Decay of the mean of squared gradients, in [0, 1). Default 0.9 (tfjs-core, Keras `rho`). */
  readonly decay?: number;
  /** Numerical floor, ≥ 0. Default 1e-7 (tfjs-core's backend epsilon in float32; Keras). */
  readonly eps?: number;
  /**
   * `true` (default): `g / √(ν + eps)`, as tfjs-core's `RMSPropOptimizer`, TensorFlow's `ApplyRMSProp`
   * and optax's `scale_by_rms` (`eps_in_sqrt=True`). `false`: `g / (√ν + eps)`, as PyTorch's
   * `torch.optim.RMSprop` and Keras 3's `RMSprop`.
   */
  readonly epsInSqrt?: boolean;
  /**
   * Centered RMSProp (Graves 2013): divide by an estimate of the variance, `ν − m²`, where `m` is
   * the running mean of the gradients. Default false.
   */
  readonly centered?: boolean;
}

/** RMSProp's running mean of squared gradients `nu`, and with `centered` the running mean `mu`. */
export interface ScaleByRmsState {
  readonly nu: TensorTree;
  readonly mu?: TensorTree;
}

/**
 * Rescales gradients by the root of a running mean of their squares (RMSProp; Tieleman & Hinton
 * 2012, lecture 6.5): `ν = decay·ν + (1 − decay)·g²`, `update = g / √(ν + eps)` (see `epsInSqrt` for
 * where eps goes in which library). With `centered`, `m = decay·m + (1 − decay)·g` and the root is of
 * `ν − m² + eps`, as TensorFlow's `ApplyCenteredRMSProp` (tfjs-core 4.22's centered form subtracts
 * eps instead, `√(ν − m² − eps)`, which can be the root of a negative number; Strata follows TensorFlow).
 * Momentum and the learning rate come after it (see `rmsprop`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByRms } from '@strata/optim';
 *
 * const t = scaleByRms({ decay: 0.9 });
 * const { updates } = t.update({ w: tf.tensor1d([2]) }, t.init({ w: tf.zeros([1]) }));
 * // ν = 0.1 · 2² = 0.4, so the update is 2 / √0.4.
 * updates.w; // => [3.162]
 * ```
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  assertKnownKeys(options, ['decay', 'eps', 'epsInSqrt', 'centered'], 'scaleByRms');
  const { decay = 0.9, eps = 1e-7, epsInSqrt = true, centered = false } = options;
  assertDecay(decay, 'scaleByRms({decay})');
  assertNumber(eps, 'scaleByRms({eps})', { min: 0 });
  return {
    init: (params) =>
      tidyGeneric(() => ({
        nu: mapTree(params, (p) => tf.zerosLike(p)),
        ...(centered ? { mu: mapTree(params, (p) => tf.zerosLike(p)) } : {}),
      })),
    update(grads, state) {
      return tidyGeneric(() => {
        const names = { label: 'scaleByRms', names: ['grads', 'state'] };
        const ema = (g: tf.Tensor, s: tf.Tensor) => tf.add(tf.mul(s, decay), tf.mul(g, 1 - decay));
        const nu = zipTrees([grads, state.nu], ([g, v]) => ema(tf.square(g!), v!), names);
        const mu = state.mu && zipTrees([grads, state.mu], ([g, m]) => ema(g!, m!), names);
        const variance = mu ? zipTrees([nu, mu], ([v, m]) => tf.sub(v!, tf.square(m!)), names) : nu;
        const denom = (v: tf.Tensor) => (epsInSqrt ? tf.sqrt(tf.add(v, eps)) : tf.add(tf.sqrt(v), eps));
        const updates = zipTrees([grads, variance], ([g, v]) => tf.div(g!, denom(v!)), names);
        return { updates, state: mu ? { nu, mu } : { nu } };
      });
    },
  };
}
