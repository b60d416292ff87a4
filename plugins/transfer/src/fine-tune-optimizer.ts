import { ConfigError, type GradientTransformation } from '@strata/core';
import { partition } from '@strata/optim';

/**
 * One optimizer with two rates for fine-tuning (optim's `partition`): params under `backbone/` get
 * `backboneOptimizer` (a lower rate, so the pre-trained features move little), the rest (the head)
 * get `headOptimizer`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyUpdates, sgd } from '@strata/optim';
 * import { fineTuneOptimizer } from '@strata/plugin-transfer';
 *
 * const opt = fineTuneOptimizer({ backbone: 'base', backboneOptimizer: sgd({ learningRate: 0.01 }), headOptimizer: sgd({ learningRate: 0.1 }) });
 * const params = { base: { w: tf.tensor1d([1]) }, head: { w: tf.tensor1d([1]) } };
 * const grads = { base: { w: tf.tensor1d([1]) }, head: { w: tf.tensor1d([1]) } };
 * applyUpdates(params, opt.update(grads, opt.init(params), params).updates); // => { base: { w: [0.99] }, head: { w: [0.9] } }
 * ```
 */
export function fineTuneOptimizer(options: {
  readonly backbone: string;
  readonly backboneOptimizer: GradientTransformation<unknown>;
  readonly headOptimizer: GradientTransformation<unknown>;
}): GradientTransformation<unknown> {
  if (typeof options.backbone !== 'string' || options.backbone === '') {
    throw new ConfigError(
      'fineTuneOptimizer({backbone})',
      'must name the params of the backbone, e.g. attachHead(...).names.backbone',
    );
  }
  const prefix = `${options.backbone}/`;
  return partition({ backbone: options.backboneOptimizer, head: options.headOptimizer }, (key: string) =>
    key.startsWith(prefix) ? 'backbone' : 'head',
  ) as GradientTransformation<unknown>;
}
