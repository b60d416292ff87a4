import { assertKnownKeys, type GradientTransformation, type Schedule } from '@strata/core';
import { type SgdState, sgd } from './sgd.js';

export interface NesterovOptions {
  /** Step size, a number ≥ 0 or a `Schedule` of the step. */
  readonly learningRate: number | Schedule;
  /** Momentum coefficient ≥ 0. Default 0.9. */
  readonly momentum?: number;
}

/**
 * SGD with Nesterov momentum (Nesterov 1983, in Sutskever et al. 2013's form):
 * `sgd({ learningRate, momentum: 0.9, nesterov: true })`, that is `t = g + momentum·t`,
 * `p ← p − lr·(g + momentum·t)`: tfjs-core's `tf.train.momentum(lr, momentum, true)`, Keras's
 * `SGD(nesterov=True)` and PyTorch's `SGD(nesterov=True)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { nesterov, applyUpdates } from '@strata/optim';
 *
 * const opt = nesterov({ learningRate: 0.1 });
 * const params = { w: tf.tensor1d([1]) };
 * const { updates } = opt.update({ w: tf.tensor1d([2]) }, opt.init(params), params);
 * // w = 1 − 0.1·(2 + 0.9·2)
 * applyUpdates(params, updates).w; // => [0.62]
 * ```
 */
export function nesterov(options: NesterovOptions): GradientTransformation<SgdState> {
  assertKnownKeys(options, ['learningRate', 'momentum'], 'nesterov');
  return sgd({ learningRate: options.learningRate, momentum: options.momentum ?? 0.9, nesterov: true });
}
