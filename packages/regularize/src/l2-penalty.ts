import { assertNumber, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertMask, maskedLeaves } from './internal.js';
import type { ParamMask } from './types.js';

/**
 * The L2 penalty `coef · Σ p²` over the params the mask selects (all by default): Keras's `L2`
 * regulariser (no ½ factor; its gradient is `2·coef·p`). Add the result to the loss inside the
 * function you differentiate. The caller owns the returned scalar.
 *
 * Under plain SGD this equals decoupled weight decay with `λ = 2·coef`; under Adam it does not (the
 * penalty's gradient is rescaled per coordinate), which is why AdamW decays the weights directly —
 * see `addWeightDecay` and `adamw` in @strata/optim (Loshchilov & Hutter 2019).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { l2Penalty } from '@strata/regularize';
 *
 * const penalty = l2Penalty(1e-4, (key) => key.endsWith('kernel'));
 * const params = { dense: { kernel: tf.tensor2d([[1, 2], [3, 4]]), bias: tf.tensor1d([5, 6]) } };
 * const value = penalty(params); // 1e-4 · (1 + 4 + 9 + 16); the bias is left out
 * value; // => 0.0030000
 * ```
 */
export function l2Penalty(coef: number, mask?: ParamMask): (params: TensorTree) => tf.Scalar {
  assertNumber(coef, 'l2Penalty(coef)', { min: 0 });
  assertMask(mask, 'l2Penalty(mask)');
  return (params) =>
    tf.tidy(() => {
      const terms = maskedLeaves(params, mask).map(([, p]) => tf.sum(tf.square(p)));
      const total = terms.length === 0 ? tf.scalar(0) : tf.addN(terms);
      return tf.mul(total, coef) as tf.Scalar;
    });
}
