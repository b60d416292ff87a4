import { assertKnownKeys, type GradientTransformation, type Schedule } from '@strata/core';
import { type SgdState, sgd } from './sgd.js';

export interface MomentumOptions {
  /** Step size, a number ≥ 0 or a `Schedule` of the step. */
  readonly learningRate: number | Schedule;
  /** Momentum coefficient ≥ 0. Default 0.9 (Sutskever et al. 2013's usual value). */
  readonly momentum?: number;
  /** Nesterov's form. Default false. */
  readonly nesterov?: boolean;
}

/**
 * SGD with heavy-ball momentum (Polyak 1964): `sgd({ learningRate, momentum: 0.9 })`, that is
 * `t = g + momentum·t`, `p ← p − lr·t`: tfjs-core's `tf.train.momentum(lr, momentum)` and Keras's
 * `SGD(momentum=…)` step for step (PyTorch's `SGD` too; its `dampening` defaults to 0).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { momentum, applyUpdates } from '@strata/optim';
 *
 * const opt = momentum({ learningRate: 0.1, momentum: 0.9 });
 * const p0 = { w: tf.tensor1d([1]) };
 * const s1 = opt.update({ w: tf.tensor1d([2]) }, opt.init(p0), p0);
 * const p1 = applyUpdates(p0, s1.updates); // t = 2: w = 1 − 0.2
 * const s2 = opt.update({ w: tf.tensor1d([2]) }, s1.state, p1);
 * applyUpdates(p1, s2.updates).w; // => [0.42]
 * ```
 */
export function momentum(options: MomentumOptions): GradientTransformation<SgdState> {
  assertKnownKeys(options, ['learningRate', 'momentum', 'nesterov'], 'momentum');
  return sgd({
    learningRate: options.learningRate,
    momentum: options.momentum ?? 0.9,
    nesterov: options.nesterov ?? false,
  });
}
