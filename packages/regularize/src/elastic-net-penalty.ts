import { assertKnownKeys, assertNumber, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { maskedLeaves, toParamMask } from './internal.js';
import type { MaskTree, ParamMask } from './types.js';

export interface ElasticNetPenaltyOptions {
  /** The overall strength (scikit-learn's `alpha`), ≥ 0. */
  readonly strength: number;
  /** The share of L1 in [0, 1]: 1 is the lasso, 0 ridge. */
  readonly l1Ratio: number;
  /** Which params are penalised: a predicate on the flat key and param, or a tree of booleans. All by default. */
  readonly mask?: ParamMask | MaskTree;
}

/**
 * The elastic-net penalty (Zou & Hastie 2005) with scikit-learn's `ElasticNet` parameters:
 * `strength · (l1Ratio · Σ|p| + ½ · (1 − l1Ratio) · Σp²)` over the selected params. So it equals
 * `l1Penalty(strength · l1Ratio)` plus `l2Penalty(strength · (1 − l1Ratio) / 2)`; Keras's `L1L2(l1, l2)`
 * is that sum with `l1 = strength · l1Ratio` and `l2 = strength · (1 − l1Ratio) / 2`. Add the result to
 * the loss inside the function you differentiate; the caller owns the returned scalar.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { elasticNetPenalty } from '@strata/regularize';
 *
 * const penalty = elasticNetPenalty({ strength: 0.1, l1Ratio: 0.5, mask: { kernel: true, bias: false } });
 * const params = { kernel: tf.tensor1d([1, -2]), bias: tf.tensor1d([10]) };
 * // 0.1 · (0.5 · (1 + 2) + 0.5 · 0.5 · (1 + 4)); the bias is left out.
 * penalty(params); // => 0.275
 * ```
 */
export function elasticNetPenalty(options: ElasticNetPenaltyOptions): (params: TensorTree) => tf.Scalar {
  const label = 'elasticNetPenalty';
  assertKnownKeys(options, ['strength', 'l1Ratio', 'mask'], label);
  const { strength, l1Ratio } = options;
  assertNumber(strength, `${label}({strength})`, { min: 0 });
  assertNumber(l1Ratio, `${label}({l1Ratio})`, { min: 0, max: 1 });
  const mask = toParamMask(options.mask, `${label}({mask})`);
  const l1 = strength * l1Ratio;
  const l2 = 0.5 * strength * (1 - l1Ratio);
  return (params) =>
    tf.tidy(() => {
      const terms = maskedLeaves(params, mask).map(([, p]) =>
        tf.add(tf.mul(tf.sum(tf.abs(p)), l1), tf.mul(tf.sum(tf.square(p)), l2)),
      );
      return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
    });
}
