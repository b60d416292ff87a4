import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { elementwiseLoss } from './internal/elementwise-loss.js';
import { booleanOption, focalFactor, focalOptions } from './internal/focal.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] inside the logarithms.
const EPSILON = 1e-7;

export interface BinaryFocalCrossentropyOptions<R extends Reduction> extends ClassWeightsOption {
  /** The focusing parameter γ ≥ 0 (default 2); 0 gives plain binary cross-entropy. */
  readonly gamma?: number;
  /** The weight of class 1 when `applyClassBalancing` is on, 1 - alpha for class 0 (default 0.25). */
  readonly alpha?: number;
  /** Weigh the two classes by alpha and 1 - alpha (default false, as Keras). */
  readonly applyClassBalancing?: boolean;
  /** Whether predictions are raw scores (true) or probabilities (false, the default). */
  readonly fromLogits?: boolean;
  /** Moves targets toward ½: t·(1 - s) + s/2. */
  readonly labelSmoothing?: number;
  readonly reduction?: R;
}

/**
 * Binary focal cross-entropy (Lin et al. 2017, "Focal Loss for Dense Object Detection"), as Keras's
 * `BinaryFocalCrossentropy`: (1 - p_t)^γ · BCE(t, p) per element with p_t = t·p + (1 - t)·(1 - p),
 * times α·t + (1 - α)·(1 - t) with `applyClassBalancing`, averaged over the last axis and reduced over
 * samples. The focal factor turns down the loss of examples the model already gets right. With
 * `fromLogits: true` the cross-entropy is computed stably from the scores and p = σ(x).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { binaryFocalCrossentropy } from '@strata/losses';
 *
 * // t = 1, p = 0.4: p_t = 0.4, (1 − 0.4)² · (−log 0.4) = 0.36 · 0.916291
 * binaryFocalCrossentropy({ gamma: 2 })(tf.tensor1d([1]), tf.tensor1d([0.4])); // => 0.3299
 * ```
 */
export function binaryFocalCrossentropy<R extends Reduction = 'mean'>(
  options: BinaryFocalCrossentropyOptions<R> = {},
): LossFor<R> {
  const fn = 'binaryFocalCrossentropy';
  const o = commonOptions(fn, options, [
    'gamma',
    'alpha',
    'applyClassBalancing',
    'fromLogits',
    'labelSmoothing',
    'reduction',
  ]);
  const { gamma, alpha } = focalOptions(fn, options);
  const balance = booleanOption(fn, options, 'applyClassBalancing');
  const logits = o.fromLogits;
  const s = o.labelSmoothing;

  /** Everything the value and the gradient share, for targets t and inputs (scores or probabilities). */
  const parts = (t: tf.Tensor, input: tf.Tensor) => {
    const prob = logits ? tf.sigmoid(input) : input;
    const q = tf.clipByValue(input, EPSILON, 1 - EPSILON);
    const bce = logits
      ? tf.add(tf.sub(tf.relu(input), tf.mul(input, t)), tf.log1p(tf.exp(tf.neg(tf.abs(input)))))
      : tf.neg(tf.add(tf.mul(t, tf.log(q)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, q)))));
    const pt = tf.add(tf.mul(t, prob), tf.mul(tf.sub(1, t), tf.sub(1, prob)));
    const weight = balance ? tf.add(tf.mul(t, alpha), tf.mul(tf.sub(1, t), 1 - alpha)) : null;
    return { prob, q, bce, pt, weight, ...focalFactor(pt, gamma) };
  };

  return elementwiseLoss(
    fn,
    {
      value: (t, input) => {
        const { bce, weight, factor } = parts(t, input);
        const v = tf.mul(factor, bce);
        return weight === null ? v : tf.mul(v, weight);
      },
      grad: (t, input, g) => {
        const { prob, q, bce, weight, factor, slope } = parts(t, input);
        // ∂bce/∂input and ∂bce/∂t; ∂p_t/∂prob = 2t - 1 and ∂p_t/∂t = 2·prob - 1.
        let dBce: tf.Tensor;
        let dBceDt: tf.Tensor;
        let dProb: tf.Tensor | number;
        if (logits) {
          dBce = tf.sub(prob, t);
          dBceDt = tf.neg(input);
          dProb = tf.mul(prob, tf.sub(1, prob));
        } else {
          const inside = tf.cast(
            tf.logicalAnd(tf.greaterEqual(input, EPSILON), tf.lessEqual(input, 1 - EPSILON)),
            'float32',
          );
          dBce = tf.mul(tf.div(tf.sub(q, t), tf.mul(q, tf.sub(1, q))), inside);
          dBceDt = tf.sub(tf.log(tf.sub(1, q)), tf.log(q));
          dProb = 1;
        }
        const dInput = tf.add(
          tf.mul(tf.mul(tf.mul(slope, tf.sub(tf.mul(t, 2), 1)), dProb), bce),
          tf.mul(factor, dBce),
        );
        let dt = tf.add(tf.mul(tf.mul(slope, tf.sub(tf.mul(prob, 2), 1)), bce), tf.mul(factor, dBceDt));
        let dp = dInput;
        if (weight !== null) {
          dt = tf.add(tf.mul(dt, weight), tf.mul(tf.mul(factor, bce), 2 * alpha - 1));
          dp = tf.mul(dp, weight);
        }
        return [tf.mul(dt, g), tf.mul(dp, g)];
      },
    },
    o.reduction,
    o.classWeights,
    s > 0 ? { targets: (t) => ({ t: tf.add(tf.mul(t, 1 - s), s / 2), slope: 1 - s }) } : {},
  ) as LossFor<R>;
}
