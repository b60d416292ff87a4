import { assertNumber, bernoulli, ConfigError, type Rng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Stochastic depth (Huang et al. 2016, "Deep Networks with Stochastic Depth"), per example, as timm's
 * `drop_path`: while training, each example's residual branch `x` (batch on axis 0) is dropped whole
 * with probability `rate` and the kept ones are scaled by `1 / (1 − rate)`, so the expectation is
 * unchanged; use it as `shortcut + dropPath(branch(x), rate, rng, training)`. Outside training (or at
 * rate 0) it returns a copy of `x`; at rate 1 every branch is dropped (zeros). The caller owns the
 * result; `rng` is needed only while training.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { dropPath } from '@strata/regularize';
 *
 * const branch = tf.ones([6, 2]);
 * const y = dropPath(branch, 0.5, createRng(0), true);
 * // Each row is all 0 (dropped) or all 2 (kept, scaled by 1 / 0.5).
 * new Set(y.dataSync()).size <= 2; // => true
 * dropPath(branch, 0.5, undefined, false); // => [[1, 1], [1, 1], [1, 1], [1, 1], [1, 1], [1, 1]]
 * ```
 */
export function dropPath(x: tf.Tensor, rate: number, rng: Rng | undefined, training: boolean): tf.Tensor {
  assertNumber(rate, 'dropPath(rate)', { min: 0, max: 1 });
  if (!training || rate === 0) return tf.clone(x);
  if (!rng) {
    throw new ConfigError('dropPath(rng)', "is needed while training; pass the step's Rng (e.g. ctx.rng)");
  }
  if (x.rank === 0) throw new ConfigError('dropPath(x)', 'needs a batch axis first, got a scalar');
  const keep = 1 - rate;
  const batch = x.shape[0]!;
  return tf.tidy(() => {
    const mask = bernoulli(rng, [batch, ...new Array<number>(x.rank - 1).fill(1)], keep);
    return keep > 0 ? tf.mul(x, tf.div(mask, keep)) : tf.mul(x, mask);
  });
}
