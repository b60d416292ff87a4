import {
  assertKnownKeys,
  assertNumber,
  bernoulli,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { identity } from './internal/identity.js';
import { lazyGradOp } from './internal/lazy-grad-op.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Spatial dropout (Tompson et al. 2015), Keras's `SpatialDropout1D`/`2D`/`3D` in one layer: while
 * training, each channel of each example is zeroed whole with probability `rate`, across every step
 * or pixel, and the kept channels are scaled by 1 / (1 − rate). Neighbouring activations in a feature
 * map are strongly correlated, so dropping single entries barely regularizes a convolutional layer;
 * dropping channels does. Input `[batch, ..., channels]` of rank 3 or more; inference is the identity.
 * The mask comes from `ctx.rng`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { spatialDropout } from '@strata/layers';
 *
 * const drop = spatialDropout({ rate: 0.5 });
 * const { y } = drop.apply({}, tf.ones([1, 3, 4]), { training: true, rng: createRng(1), state: {} });
 * // Each channel (column) is all zeros or all 2s:
 * const rows = y.arraySync() as number[][][];
 * [0, 1, 2, 3].every((c) => rows[0]!.every((r) => r[c] === rows[0]![0]![c])); // => true
 * ```
 */
export function spatialDropout(options: { readonly rate: number; readonly name?: string }): LayerWithKind {
  assertKnownKeys(options ?? {}, ['rate', 'name'], 'spatialDropout');
  const { rate } = options;
  assertNumber(rate, 'spatialDropout({rate})', { min: 0, max: 1 });
  if (rate >= 1) {
    throw new ConfigError(
      'spatialDropout({rate})',
      `must be below 1 (a rate of 1 drops everything), got ${rate}`,
    );
  }
  const name = checkName(options.name, 'spatial_dropout', 'spatialDropout({name})');
  const label = layerLabel('spatialDropout', name);
  const check = (shape: Shape) => {
    if (shape.length < 3) {
      throw new ShapeError(
        label,
        `expected an input [batch, steps or pixels..., channels] of rank 3 or more, got ${formatShape(shape)}`,
      );
    }
  };
  return {
    name,
    kind: 'SpatialDropout',
    init(_rng: Rng, inputShape: Shape) {
      check(inputShape);
      return { params: {}, state: {}, outputShape: inputShape };
    },
    apply(_params, x, ctx) {
      check(x.shape);
      if (!ctx.training || rate === 0) return { y: tf.tidy(() => identity(x)), state: {} };
      const rng = ctx.rng;
      if (!rng) {
        throw new ConfigError(
          label,
          'training drops channels at random and needs a generator: pass { training: true, rng } to apply',
        );
      }
      const y = tf.tidy(() => {
        // One draw per example and channel, broadcast over the axes between them.
        const noiseShape = x.shape.map((d, i) => (i === 0 || i === x.rank - 1 ? d : 1));
        const kept = tf.mul(bernoulli(rng, noiseShape, 1 - rate), 1 / (1 - rate));
        return lazyGradOp(([xIn, k], save) => {
          save([k!]);
          return {
            value: tf.mul(xIn!, k!),
            gradFunc: (dy, [ks]) => [() => tf.mul(dy, ks!), () => tf.zerosLike(ks!)],
          };
        })(x, kept);
      });
      return { y, state: {} };
    },
  };
}
