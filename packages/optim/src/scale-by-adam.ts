import {
  ADAM_MOMENTS_KERNEL,
  type AdamMomentsAttrs,
  assertKnownKeys,
  assertNumber,
  ConfigError,
  type GradientTransformation,
  hasFusedKernel,
  mapTree,
  type TensorTree,
  unflattenTree,
  zipTrees,
} from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

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

/** The composite form of the ADAM_MOMENTS_KERNEL (its definition in @strata/core): [m', v', u]. */
function adamMoments(g: Tensor, m: Tensor, v: Tensor, a: AdamMomentsAttrs): Tensor[] {
  const mu = tf.add(tf.mul(m, a.b1), tf.mul(g, 1 - a.b1));
  const nu = tf.add(tf.mul(v, a.b2), tf.mul(tf.square(g), 1 - a.b2));
  return [mu, nu, tf.div(tf.div(mu, a.c1), tf.add(tf.sqrt(tf.div(nu, a.c2)), a.eps))];
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
 * Where the backend has Strata's fused `ADAM_MOMENTS_KERNEL` (@strata/backends registers it on cpu
 * and wasm), each parameter takes one kernel launch instead of twelve, with the same float32 result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scaleByAdam } from '@strata/optim';
 *
 * const t = scaleByAdam({ b1: 0.9, b2: 0.999 });
 * const params = { w: tf.zeros([2]) };
 * const { updates } = t.update({ w: tf.tensor1d([3, -0.5]) }, t.init(params));
 * // First step: m̂ = g and v̂ = g², so updates.w = g / (|g| + eps), the signs of g.
 * updates.w; // => [1.0000, -1.0000]
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
        const attrs: AdamMomentsAttrs = { b1, b2, eps, c1: 1 - b1 ** count, c2: 1 - b2 ** count };
        const fused = hasFusedKernel(ADAM_MOMENTS_KERNEL);
        const out: Record<string, readonly Tensor[]> = {};
        zipTrees(
          [grads, state.mu, state.nu],
          ([g, m, v], key) => {
            const leaves = [g!, m!, v!];
            out[key] =
              fused && leaves.every((t) => t.dtype === 'float32')
                ? (tf.engine().runKernel(ADAM_MOMENTS_KERNEL, { g: g!, m: m!, v: v! }, attrs) as Tensor[])
                : adamMoments(g!, m!, v!, attrs);
            return out[key][0]!;
          },
          { label: 'scaleByAdam', names: ['grads', 'state.mu', 'state.nu'] },
        );
        const pick = (i: number) =>
          unflattenTree(Object.fromEntries(Object.entries(out).map(([k, r]) => [k, r[i]!])));
        return { updates: pick(2), state: { count, mu: pick(0), nu: pick(1) } };
      });
    },
  };
}
