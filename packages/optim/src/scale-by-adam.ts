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
import { assertDecay, tidyGeneric } from './internal.js';

export interface ScaleByAdamOptions {
  /** Decay of the first-moment (mean) estimate, in [0, 1). Default 0.9. */
  readonly b1?: number;
  /** Decay of the second-moment (uncentred variance) estimate, in [0, 1). Default 0.999. */
  readonly b2?: number;
  /** Added to the root of the second moment, ≥ 0. Default 1e-7, Keras's and tfjs-core's value. */
  readonly eps?: number;
  /**
   * AMSGrad (Reddi et al. 2018, "On the Convergence of Adam and Beyond"): divide by the running maximum
   * of the second moment instead of the moment itself. As Keras's and PyTorch's `amsgrad`, the maximum
   * is taken over the raw moment `v` and then bias-corrected (optax takes it over the corrected one).
   * Default false.
   */
  readonly amsgrad?: boolean;
  /**
   * Nesterov momentum in the first moment (Dozat 2016, "Incorporating Nesterov Momentum into Adam"),
   * as optax's `scale_by_adam(nesterov=True)`: `m̂ = b1·m_t/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1^t)`.
   * Default false.
   */
  readonly nesterov?: boolean;
}

/** Adam's state: the step count and the moment estimates, shaped like the params. */
export interface ScaleByAdamState {
  readonly count: number;
  readonly mu: TensorTree;
  readonly nu: TensorTree;
  /** AMSGrad's running maximum of `nu` (only with `amsgrad`). */
  readonly nuMax?: TensorTree;
}

/** The composite form of the ADAM_MOMENTS_KERNEL (its definition in @strata/core): [m', v', u]. */
function adamMoments(g: Tensor, m: Tensor, v: Tensor, a: AdamMomentsAttrs): Tensor[] {
  const mu = tf.add(tf.mul(m, a.b1), tf.mul(g, 1 - a.b1));
  const nu = tf.add(tf.mul(v, a.b2), tf.mul(tf.square(g), 1 - a.b2));
  return [mu, nu, tf.div(tf.div(mu, a.c1), tf.add(tf.sqrt(tf.div(nu, a.c2)), a.eps))];
}

/** AMSGrad and Nesterov in composite ops (no fused kernel has them): [m', v', u, vMax']. */
function adamVariant(
  g: Tensor,
  m: Tensor,
  v: Tensor,
  vMax: Tensor | undefined,
  a: AdamMomentsAttrs & { readonly c1Next: number },
  nesterov: boolean,
): Tensor[] {
  const mu = tf.add(tf.mul(m, a.b1), tf.mul(g, 1 - a.b1));
  const nu = tf.add(tf.mul(v, a.b2), tf.mul(tf.square(g), 1 - a.b2));
  const nuMax = vMax ? tf.maximum(vMax, nu) : undefined;
  const muHat = nesterov
    ? tf.add(tf.mul(mu, a.b1 / a.c1Next), tf.mul(g, (1 - a.b1) / a.c1))
    : tf.div(mu, a.c1);
  const u = tf.div(muHat, tf.add(tf.sqrt(tf.div(nuMax ?? nu, a.c2)), a.eps));
  return nuMax ? [mu, nu, u, nuMax] : [mu, nu, u];
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
 * `amsgrad` and `nesterov` (both off by default) give AMSGrad (`amsgrad`) and NAdam (`nadam`).
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
  assertKnownKeys(options, ['b1', 'b2', 'eps', 'amsgrad', 'nesterov'], 'scaleByAdam');
  const { b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false, nesterov = false } = options;
  assertDecay(b1, 'scaleByAdam({b1})');
  assertDecay(b2, 'scaleByAdam({b2})');
  assertNumber(eps, 'scaleByAdam({eps})', { min: 0 });
  return {
    init: (params) =>
      tidyGeneric(() => ({
        count: 0,
        mu: mapTree(params, (p) => tf.zerosLike(p)),
        nu: mapTree(params, (p) => tf.zerosLike(p)),
        ...(amsgrad ? { nuMax: mapTree(params, (p) => tf.zerosLike(p)) } : {}),
      })),
    update(grads, state) {
      return tidyGeneric(() => {
        const count = state.count + 1;
        const attrs: AdamMomentsAttrs = { b1, b2, eps, c1: 1 - b1 ** count, c2: 1 - b2 ** count };
        if (amsgrad && !state.nuMax) {
          throw new ConfigError(
            'scaleByAdam({amsgrad})',
            "the state has no nuMax; make it with this transformation's init",
          );
        }
        if (amsgrad || nesterov)
          return variantUpdate(grads, state, { ...attrs, c1Next: 1 - b1 ** (count + 1) }, nesterov);
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

function variantUpdate(
  grads: TensorTree,
  state: ScaleByAdamState,
  attrs: AdamMomentsAttrs & { readonly c1Next: number },
  nesterov: boolean,
): { updates: TensorTree; state: ScaleByAdamState } {
  const out: Record<string, readonly Tensor[]> = {};
  const trees = state.nuMax ? [grads, state.mu, state.nu, state.nuMax] : [grads, state.mu, state.nu];
  zipTrees(
    trees,
    ([g, m, v, vMax], key) => {
      out[key] = adamVariant(g!, m!, v!, vMax, attrs, nesterov);
      return out[key][0]!;
    },
    { label: 'scaleByAdam', names: ['grads', 'state.mu', 'state.nu', 'state.nuMax'] },
  );
  const pick = (i: number) =>
    unflattenTree(Object.fromEntries(Object.entries(out).map(([k, r]) => [k, r[i]!])));
  const count = state.count + 1;
  return {
    updates: pick(2),
    state: state.nuMax
      ? { count, mu: pick(0), nu: pick(1), nuMax: pick(3) }
      : { count, mu: pick(0), nu: pick(1) },
  };
}
