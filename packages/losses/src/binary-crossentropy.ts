import * as tf from '@tensorflow/tfjs-core';
import { commonOptions } from './internal/checks.js';
import { type ElementwiseSpec, elementwiseLoss } from './internal/elementwise-loss.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

// Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before the logarithm.
const EPSILON = 1e-7;

/*
 * From logits x and targets z: -z·log σ(x) - (1-z)·log(1-σ(x)) = max(x, 0) - x·z + log(1 + e^-|x|),
 * which never exponentiates a large positive number (TensorFlow's
 * `sigmoid_cross_entropy_with_logits`). Its gradient is σ(x) - z.
 */
const fromLogits: ElementwiseSpec = {
  value: (z, x) => tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x))))),
  grad: (z, x, g) => [tf.mul(tf.neg(x), g), tf.mul(tf.sub(tf.sigmoid(x), z), g)],
};

const fromProbabilities: ElementwiseSpec = {
  value: (z, p) => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    return tf.neg(tf.add(tf.mul(z, tf.log(q)), tf.mul(tf.sub(1, z), tf.log(tf.sub(1, q)))));
  },
  grad: (z, p, g) => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    // Inside the clip range dℓ/dp = (p - z) / (p (1 - p)); outside it the clip makes it 0.
    const inside = tf.cast(tf.logicalAnd(tf.greater(p, EPSILON), tf.less(p, 1 - EPSILON)), 'float32');
    const dp = tf.mul(tf.mul(tf.div(tf.sub(q, z), tf.mul(q, tf.sub(1, q))), inside), g);
    const dz = tf.mul(tf.sub(tf.log(tf.sub(1, q)), tf.log(q)), g);
    return [dz, dp];
  },
};

/**
 * Binary cross-entropy for independent yes/no targets in [0, 1], averaged over the last axis, then
 * reduced over samples. With `fromLogits: true` (recommended) it works on raw scores stably; otherwise
 * on probabilities clipped to [1e-7, 1 - 1e-7], as Keras. `labelSmoothing` s moves targets toward ½:
 * z·(1 - s) + s/2.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { binaryCrossentropy } from '@strata/losses';
 *
 * const loss = binaryCrossentropy({ fromLogits: true });
 * // (log(1 + e^-2) + log(1 + e^-1)) / 2 = (0.126928 + 0.313262) / 2
 * loss(tf.tensor2d([[1], [0]]), tf.tensor2d([[2], [-1]])); // => 0.2201
 * ```
 */
export function binaryCrossentropy<R extends Reduction = 'mean'>(
  options: {
    readonly fromLogits?: boolean;
    readonly labelSmoothing?: number;
    readonly reduction?: R;
  } & ClassWeightsOption = {},
): LossFor<R> {
  const o = commonOptions('binaryCrossentropy', options, ['fromLogits', 'labelSmoothing', 'reduction']);
  const s = o.labelSmoothing;
  return elementwiseLoss(
    'binaryCrossentropy',
    o.fromLogits ? fromLogits : fromProbabilities,
    o.reduction,
    o.classWeights,
    s > 0 ? { targets: (z) => ({ t: tf.add(tf.mul(z, 1 - s), s / 2), slope: 1 - s }) } : {},
  ) as LossFor<R>;
}
