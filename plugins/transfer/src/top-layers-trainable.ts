import { assertInteger, ConfigError, type TensorTree } from '@strata/core';
import { freeze, type TrainableMask } from '@strata/layers';

/**
 * The mask for fine-tuning: the last `count` layers of the backbone (in the order its params list
 * them, which is the order a `sequential` applies them) and the head train, the earlier backbone
 * layers stay frozen.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { topLayersTrainable } from '@strata/plugin-transfer';
 *
 * const params = { backbone: { dense: { kernel: tf.ones([2, 2]) }, dense_1: { kernel: tf.ones([2, 2]) } }, head: { kernel: tf.ones([2, 1]) } };
 * topLayersTrainable(params, { backbone: 'backbone', count: 1 }); // => { backbone: { dense: { kernel: false }, dense_1: { kernel: true } }, head: { kernel: true } }
 * ```
 */
export function topLayersTrainable(
  params: TensorTree,
  options: { readonly backbone: string; readonly count: number },
): TrainableMask {
  const label = 'topLayersTrainable';
  assertInteger(options.count, `${label}({count})`, 0);
  const body = params[options.backbone];
  if (!body || body instanceof Object === false || 'dataSync' in body) {
    throw new ConfigError(
      `${label}({backbone})`,
      `the params have no backbone '${options.backbone}'; they have ${Object.keys(params).join(', ')}`,
    );
  }
  const layers = Object.keys(body);
  const frozen = layers
    .slice(0, Math.max(0, layers.length - options.count))
    .map((l) => `${options.backbone}/${l}`);
  return frozen.length === 0 ? freeze(params, [], undefined) : freeze(params, frozen);
}
