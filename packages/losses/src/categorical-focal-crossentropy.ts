import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { focalFactor, focalOptions } from './internal/focal.js';
import { logSoftmax } from './internal/log-softmax.js';
import { type RowSpec, rowLoss } from './internal/row-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before the logarithm.
const EPSILON = 1e-7;

export interface CategoricalFocalCrossentropyOptions<R extends Reduction> extends ClassWeightsOption {
  /** The focusing parameter γ ≥ 0 (default 2); 0 gives alpha times categorical cross-entropy. */
  readonly gamma?: number;
  /** The weighting factor α in [0, 1] applied to every class (default 0.25, as Keras). */
  readonly alpha?: number;
  /** Whether predictions are raw scores (true, computed by a stable log softmax) or probabilities. */
  readonly fromLogits?: boolean;
  /** Mixes targets with the uniform distribution: t·(1 - s) + s / C. */
  readonly labelSmoothing?: number;
  readonly reduction?: R;
}

/**
 * Categorical focal cross-entropy (Lin et al. 2017), as Keras's `CategoricalFocalCrossentropy`:
 * -Σ_c α·(1 - q_c)^γ · t_c·log q_c over the last axis, q the predictions renormalized to sum to 1 and
 * clipped to [1e-7, 1 - 1e-7] (or softmax(x) from logits, through a stable log softmax), then reduced
 * over samples. Confident right predictions contribute almost nothing, so training focuses on the
 * hard examples.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { categoricalFocalCrossentropy } from '@strata/losses';
 *
 * // 0.25 · (1 − 0.1)² · (−log 0.1) = 0.25 · 0.81 · 2.302585
 * const loss = categoricalFocalCrossentropy();
 * loss(tf.tensor2d([[0, 0, 1]]), tf.tensor2d([[0.1, 0.8, 0.1]])); // => 0.4663
 * ```
 */
export function categoricalFocalCrossentropy<R extends Reduction = 'mean'>(
  options: CategoricalFocalCrossentropyOptions<R> = {},
): LossFor<R> {
  const fn = 'categoricalFocalCrossentropy';
  const o = commonOptions(fn, options, ['gamma', 'alpha', 'fromLogits', 'labelSmoothing', 'reduction']);
  const { gamma, alpha } = focalOptions(fn, options);
  const s = o.labelSmoothing;

  // From logits, with u = log softmax(x) and q = e^u: H_c = ∂ℓ/∂u_c = -α·t_c·((1-q)^γ + q·u·γ'(q)) for
  // the factor's derivative γ'(q) = -γ(1-q)^(γ-1), and ∂ℓ/∂x_j = H_j - q_j·Σ_c H_c.
  const fromLogits: RowSpec = {
    value: (t, x) => {
      const u = logSoftmax(x);
      const { factor } = focalFactor(tf.exp(u), gamma);
      return tf.mul(tf.sum(tf.mul(tf.mul(factor, t), u), -1), -alpha);
    },
    grad: (t, x, g) => {
      const u = logSoftmax(x);
      const q = tf.exp(u);
      const { factor, slope } = focalFactor(q, gamma);
      const h = tf.mul(tf.mul(t, tf.add(factor, tf.mul(tf.mul(q, u), slope))), -alpha);
      const dx = tf.sub(h, tf.mul(q, tf.sum(h, -1, true)));
      return [tf.mul(tf.mul(tf.mul(factor, u), -alpha), g), tf.mul(dx, g)];
    },
  };

  // From probabilities: G = ∂ℓ/∂q inside the clip range, then through the renormalization
  // r = p / Σp: ∂ℓ/∂p_j = (G_j - Σ_c G_c·r_c) / Σp.
  const fromProbabilities: RowSpec = {
    value: (t, p) => {
      const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPSILON, 1 - EPSILON);
      const { factor } = focalFactor(q, gamma);
      return tf.mul(tf.sum(tf.mul(tf.mul(factor, t), tf.log(q)), -1), -alpha);
    },
    grad: (t, p, g) => {
      const total = tf.sum(p, -1, true);
      const r = tf.div(p, total);
      const q = tf.clipByValue(r, EPSILON, 1 - EPSILON);
      const inside = tf.cast(
        tf.logicalAnd(tf.greaterEqual(r, EPSILON), tf.lessEqual(r, 1 - EPSILON)),
        'float32',
      );
      const { factor, slope } = focalFactor(q, gamma);
      const logq = tf.log(q);
      const big = tf.mul(tf.mul(tf.mul(t, tf.add(tf.mul(slope, logq), tf.div(factor, q))), -alpha), inside);
      const dp = tf.div(tf.sub(big, tf.sum(tf.mul(big, r), -1, true)), total);
      return [tf.mul(tf.mul(tf.mul(factor, logq), -alpha), g), tf.mul(dp, g)];
    },
  };

  return rowLoss(fn, o.fromLogits ? fromLogits : fromProbabilities, {
    reduction: o.reduction,
    classWeights: o.classWeights,
    reading: 'distribution',
    ...(s > 0
      ? {
          targets: (t: tf.Tensor) => ({
            t: tf.add(tf.mul(t, 1 - s), s / t.shape[t.rank - 1]!),
            slope: 1 - s,
          }),
        }
      : {}),
  }) as LossFor<R>;
}
