import { assertNumber, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertMask, maskedLeaves } from './internal.js';
import type { ParamMask } from './types.js';

/**
 * The L1 penalty `coef · Σ |p|` over the params the mask selects (all by default): Keras's `L1`
 * regulariser, which drives small weights to exactly zero (Tibshirani 1996). Add the result to the
 * loss inside the function you differentiate. The caller owns the returned scalar.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { l1Penalty } from '@strata/regularize';
 *
 * const penalty = l1Penalty(0.01);
 * const value = penalty({ w: tf.tensor1d([1, -2, 3]) }); // 0.01 · (1 + 2 + 3)
 * value; // => 0.0600
 * ```
 */
export function l1Penalty(coef: number, mask?: ParamMask): (params: TensorTree) => tf.Scalar {
  assertNumber(coef, 'l1Penalty(coef)', { min: 0 });
  assertMask(mask, 'l1Penalty(mask)');
  return (params) =>
    tf.tidy(() => {
      const terms = maskedLeaves(params, mask).map(([, p]) => tf.sum(tf.abs(p)));
      const total = terms.length === 0 ? tf.scalar(0) : tf.addN(terms);
      return tf.mul(total, coef) as tf.Scalar;
    });
}
