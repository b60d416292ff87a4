import { assertKnownKeys, ConfigError, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayerWithKind } from '../layer-with-kind.js';
import { checkName } from './options.js';
import { layerLabel } from './params.js';

export interface GlobalPoolOptions {
  /** Keep the pooled axes as size 1 (`[b, 1, 1, c]`) instead of dropping them; default false, as Keras. */
  readonly keepDims?: boolean;
  readonly name?: string;
}

/**
 * The shared body of the global pooling layers: the mean or max over every axis between the batch and
 * the channels, `spatial` of them (1 for sequences, 2 for images).
 */
export function globalPoolLayer(
  options: GlobalPoolOptions,
  op: 'max' | 'avg',
  spatial: 1 | 2,
  fn: string,
  defaultName: string,
  kind: string,
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['keepDims', 'name'], fn);
  const keepDims = options.keepDims ?? false;
  if (typeof keepDims !== 'boolean') {
    throw new ConfigError(`${fn}({keepDims})`, `must be a boolean, got ${typeof keepDims}`);
  }
  const name = checkName(options.name, defaultName, `${fn}({name})`);
  const label = layerLabel(fn, name);
  const rank = spatial + 2;
  const axes = spatial === 1 ? [1] : [1, 2];
  const expected = spatial === 1 ? '[batch, steps, channels]' : '[batch, height, width, channels] (NHWC)';
  return {
    name,
    kind,
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== rank) {
        throw new ShapeError(label, `expected an input shape ${expected}, got ${formatShape(inputShape)}`);
      }
      const batch = inputShape[0] ?? null;
      const channels = inputShape[rank - 1] ?? null;
      const outputShape = keepDims ? [batch, ...axes.map(() => 1), channels] : [batch, channels];
      return { params: {}, state: {}, outputShape };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== rank) {
        throw new ShapeError(label, `expected an input ${expected}, got ${formatShape(x.shape)}`);
      }
      const y = tf.tidy(() => (op === 'max' ? tf.max(x, axes, keepDims) : tf.mean(x, axes, keepDims)));
      return { y, state: {} };
    },
  };
}
