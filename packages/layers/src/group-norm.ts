import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { ones, zeros } from './initializers/constant.js';
import { type Initializer, initialize } from './initializers/initializer.js';
import { reshapeWithGrad } from './internal/identity.js';
import { normalizeWithStats } from './internal/normalize.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface GroupNormOptions {
  /** Channel groups (default 32, as Keras); the channels must divide evenly. 1 is layer norm over all. */
  readonly groups?: number;
  /** Default 1e-3, as Keras (PyTorch: 1e-5). */
  readonly epsilon?: number;
  /** Default true: learn an offset `beta` per channel. */
  readonly center?: boolean;
  /** Default true: learn a scale `gamma` per channel. */
  readonly scale?: boolean;
  /** Default `ones()`. */
  readonly gammaInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly betaInitializer?: Initializer;
  /** Default 'group_norm'. */
  readonly name?: string;
}

const KEYS = ['groups', 'epsilon', 'center', 'scale', 'gammaInitializer', 'betaInitializer', 'name'];

/**
 * Group normalization (Wu & He 2018), as Keras' `GroupNormalization` with channels last: the channels
 * are split into `groups` consecutive groups, and each sample's group is normalized with its mean and
 * (biased) variance over the spatial axes and the group's channels; then `gamma` and `beta`
 * [channels] apply per channel. Independent of the batch, the same in training and inference.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { groupNorm } from '@strata/layers';
 *
 * const layer = groupNorm({ groups: 2 });
 * const { params, outputShape } = layer.init(createRng(0), [null, 8, 8, 6]);
 * outputShape; // => [null, 8, 8, 6]
 * (params.gamma as tf.Tensor).shape; // => [6]
 * ```
 */
export function groupNorm(options: GroupNormOptions = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'groupNorm');
  const { groups = 32, epsilon = 1e-3 } = options;
  assertInteger(groups, 'groupNorm({groups})');
  assertNumber(epsilon, 'groupNorm({epsilon})', { min: 0 });
  for (const key of ['center', 'scale'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new ConfigError(`groupNorm({${key}})`, `must be a boolean, got ${typeof options[key]}`);
    }
  }
  const center = options.center ?? true;
  const scale = options.scale ?? true;
  const name = checkName(options.name, 'group_norm', 'groupNorm({name})');
  const gammaInit = options.gammaInitializer ?? ones();
  const betaInit = options.betaInitializer ?? zeros();
  checkFunction(gammaInit, 'groupNorm({gammaInitializer})', 'pass e.g. ones()');
  checkFunction(betaInit, 'groupNorm({betaInitializer})', 'pass e.g. zeros()');
  const label = layerLabel('groupNorm', name);
  const checkChannels = (channels: number | null | undefined, shape: Shape): number => {
    if (typeof channels !== 'number' || channels < 1 || channels % groups !== 0) {
      throw new ShapeError(
        label,
        `expected [batch, ..., channels] with known channels divisible by groups ${groups}, got ${formatShape(shape)}`,
      );
    }
    return channels;
  };

  return {
    name,
    kind: 'GroupNormalization',
    init(rng: Rng, inputShape: Shape) {
      if (inputShape.length < 2)
        throw new ShapeError(label, `expected [batch, ..., channels], got ${formatShape(inputShape)}`);
      const channels = checkChannels(inputShape[inputShape.length - 1], inputShape);
      const params: Record<string, tf.Tensor> = {};
      if (scale) params.gamma = initialize(gammaInit, rng, [channels], `${label} gammaInitializer`);
      if (center) params.beta = initialize(betaInit, rng, [channels], `${label} betaInitializer`);
      return { params, state: {}, outputShape: inputShape };
    },
    apply(params, x, _ctx) {
      if (x.rank < 2)
        throw new ShapeError(label, `expected [batch, ..., channels], got ${formatShape(x.shape)}`);
      const channels = checkChannels(x.shape[x.rank - 1], x.shape);
      const gamma = scale ? param(params, 'gamma', label) : undefined;
      const beta = center ? param(params, 'beta', label) : undefined;
      const batch = x.shape[0]!;
      const per = channels / groups;
      const positions = x.size / (batch * channels);
      const y = tf.tidy(() => {
        // [batch, positions, groups, channels per group]: statistics over axes 1 and 3.
        const grouped = reshapeWithGrad(x, [batch, positions, groups, per]);
        const out = normalizeWithStats(grouped, gamma ?? tf.ones([channels]), beta ?? tf.zeros([channels]), {
          axes: [1, 3],
          paramShape: [1, 1, groups, per],
          epsilon,
        });
        return reshapeWithGrad(out, [...x.shape]);
      });
      return { y, state: {} };
    },
  };
}
