import {
  assertKnownKeys,
  assertNumber,
  ConfigError,
  type GradientTransformation,
  mapTree,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { zipChecked } from './internal.js';

export interface ScaleByAdamOptions {
  /** Decay of the first-moment (mean) estimate, in [0, 1). Default 0.9. */
  readonly b1?: number;
  /** Decay of the second-moment (uncentred variance) estimate, in [0, 1). Default 0.999. */
  readonly b2?: number;
  /** Added to the root of the second moment, ≥ 0. Default 1e-7, Keras's and tfjs-core's value. */
  readonly eps?: number;
}

/** Adam's state: the step count and the moment estimates, shaped like the params. */
export interface ScaleByAdamState {
  readonly count: number;
  readonly mu: TensorTree;
  readonly nu: TensorTree;
}

function assertDecay(value: number, label: string): void {
  assertNumber(value, label, { min: 0, max: 1 });
  // b = 1 never forgets and makes the bias correction 1 - b^t zero.
  if (value === 1) throw new ConfigError(label, 'must be < 1, got 1');
}

/**
 * Rescales gradients by Adam's bias-corrected moment estimates (Kingma & Ba 2015, Algorithm 1):
 *
 *     m_t = b1·m + (1 − b1)·g        v_t = b2·v + (1 − b2)·g²
 *     update = (m_t / (1 − b1^t)) / (√(v_t / (1 − b2^t)) + eps)
 *
 * This is the formula and operation order of tfjs-core's `AdamOptimizer` (eps outside the root and
 * not bias-corrected, unlike TensorFlow's "epsilon hat" form). Two deliberate differences: `eps`
 * defaults to 1e-7 on every backend (tfjs takes the backend's epsilon, 1e-7 in float32 but 1e-4 on
 * a float16 WebGL device), and b^t is computed in double precision from the step count instead of
 * a float32 running product (closer to the exact value; the two agree to about 1e-5 relative).
 * Combine with `scaleByLearningRate` (see `adam`). Moments live on the device; no values are read back.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByAdam } from '@strata/optim';
 *
 * const t = scaleByAdam({ b1: 0.9, b2: 0.999 });
 * const params = { w: tf.zeros([2]) };
 * const { updates } = t.update({ w: tf.tensor1d([3, -0.5]) }, t.init(params));
 * // first step: m̂ = g and v̂ = g², so updates.w ≈ g / (|g| + eps) = [1, -1]
 * ```
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  assertKnownKeys(options, ['b1', 'b2', 'eps'], 'scaleByAdam');
  const { b1 = 0.9, b2 = 0.999, eps = 1e-7 } = options;
  assertDecay(b1, 'scaleByAdam({b1})');
  assertDecay(b2, 'scaleByAdam({b2})');
  assertNumber(eps, 'scaleByAdam({eps})', { min: 0 });
  return {
    init: (params) =>
      tf.tidy(() => ({
        count: 0,
        mu: mapTree(params, (p) => tf.zerosLike(p)),
        nu: mapTree(params, (p) => tf.zerosLike(p)),
      })),
    update(grads, state) {
      return tf.tidy(() => {
        const count = state.count + 1;
        const names = ['grads', 'state.mu'];
        const mu = zipChecked('scaleByAdam', names, [grads, state.mu], ([g, m]) =>
          tf.add(tf.mul(m!, b1), tf.mul(g!, 1 - b1)),
        );
        const nu = zipChecked('scaleByAdam', ['grads', 'state.nu'], [grads, state.nu], ([g, v]) =>
          tf.add(tf.mul(v!, b2), tf.mul(tf.square(g!), 1 - b2)),
        );
        const c1 = 1 - b1 ** count;
        const c2 = 1 - b2 ** count;
        const updates = zipChecked('scaleByAdam', ['mu', 'nu'], [mu, nu], ([m, v]) =>
          tf.div(tf.div(m!, c1), tf.add(tf.sqrt(tf.div(v!, c2)), eps)),
        );
        return { updates, state: { count, mu, nu } };
      });
    },
  };
}
