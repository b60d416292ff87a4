import {
  assertKnownKeys,
  ConfigError,
  formatShape,
  type Layer,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { reshapeWithGrad } from './internal/identity.js';
import { located } from './internal/located.js';
import { forwardMask } from './internal/mask.js';
import { checkName } from './internal/options.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Applies `layer` to every time step of [batch, time, ...features] independently, with the same
 * params (Keras' `TimeDistributed`): batch and time are folded into one axis for the inner layer and
 * unfolded after, so the inner layer runs once over all steps. Params and state are the inner
 * layer's. A mask recorded on the input (an `embedding` with `maskZero`) stays on the output.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { dense, timeDistributed } from '@strata/layers';
 *
 * const layer = timeDistributed(dense({ units: 5 }));
 * const { params, outputShape } = layer.init(createRng(0), [null, 7, 3]);
 * outputShape; // => [null, 7, 5]
 * layer.apply(params, tf.ones([2, 7, 3]), { training: false, state: {} }).y.shape; // => [2, 7, 5]
 * ```
 */
export function timeDistributed(layer: Layer, options: { readonly name?: string } = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, ['name'], 'timeDistributed');
  if (typeof layer?.init !== 'function' || typeof layer.apply !== 'function') {
    throw new ConfigError('timeDistributed(layer)', 'must be a layer (an object with name, init and apply)');
  }
  const name = checkName(options.name, `time_distributed_${layer.name}`, 'timeDistributed({name})');
  const label = `timeDistributed '${name}'`;
  return {
    name,
    kind: 'TimeDistributed',
    init(rng: Rng, inputShape: Shape) {
      if (inputShape.length < 3) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, time, ...features], got ${formatShape(inputShape)}`,
        );
      }
      const [b, t] = inputShape;
      const folded = b === null || t === null || b === undefined || t === undefined ? null : b * t;
      let inner: ReturnType<Layer['init']>;
      try {
        inner = layer.init(rng, [folded, ...inputShape.slice(2)]);
      } catch (error) {
        throw located(error, label);
      }
      return {
        params: inner.params,
        state: inner.state,
        outputShape: [b ?? null, t ?? null, ...inner.outputShape.slice(1)],
      };
    },
    apply(params, x, ctx) {
      if (x.rank < 3) {
        throw new ShapeError(
          label,
          `expected input shape [batch, time, ...features], got ${formatShape(x.shape)}`,
        );
      }
      const [b, t] = x.shape as [number, number];
      const out = tf.tidy(() => {
        const inner = layer.apply(params, reshapeWithGrad(x, [b * t, ...x.shape.slice(2)]), ctx);
        return { y: reshapeWithGrad(inner.y, [b, t, ...inner.y.shape.slice(1)]), state: inner.state };
      });
      forwardMask(x, out.y);
      return out;
    },
  };
}
