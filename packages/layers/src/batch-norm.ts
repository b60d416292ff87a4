import {
  assertKnownKeys,
  assertNumber,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { ones, zeros } from './initializers/constant.js';
import { type Initializer, initialize } from './initializers/initializer.js';
import { type NormalizeSpec, normalizeWith, normalizeWithStats } from './internal/normalize.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface BatchNormOptions {
  /** The feature axis (default −1, channels last); statistics are taken over every other axis. */
  readonly axis?: number;
  /** Default 0.99, as Keras: moving = moving · momentum + batch · (1 − momentum). PyTorch's 0.1 is 1 − this. */
  readonly momentum?: number;
  /** Default 1e-3, as Keras (PyTorch: 1e-5). */
  readonly epsilon?: number;
  /** Default true: learn an offset `beta`. */
  readonly center?: boolean;
  /** Default true: learn a scale `gamma`. */
  readonly scale?: boolean;
  /** Default `ones()`. */
  readonly gammaInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly betaInitializer?: Initializer;
  /** Default 'batch_norm'. */
  readonly name?: string;
}

const KEYS = [
  'axis',
  'momentum',
  'epsilon',
  'center',
  'scale',
  'gammaInitializer',
  'betaInitializer',
  'name',
];

function checkBoolean(value: unknown, label: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(label, `must be a boolean, got ${typeof value}`);
  return value;
}

/**
 * Batch normalization (Ioffe & Szegedy 2015) as Keras computes it. In training it normalizes with the
 * batch's mean and biased variance over every axis but `axis`, and returns updated moving statistics
 * as `state` (`movingMean`, `movingVariance`; moving = moving · momentum + batch · (1 − momentum),
 * the biased batch variance as Keras uses; PyTorch updates with the unbiased one). At inference
 * (`training: false`) it normalizes with the moving statistics and returns them unchanged (the same
 * tensors). Params `gamma` and `beta` [features]; state starts at mean 0, variance 1. The gradient is
 * written out, one op each way.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { batchNorm } from '@strata/layers';
 *
 * const layer = batchNorm();
 * const { params, state } = layer.init(createRng(0), [null, 4]);
 * const x = tf.tensor2d([[1, 2, 3, 4], [3, 6, 9, 12]]);
 * const out = layer.apply(params, x, { training: true, state });
 * Array.from((out.state.movingMean as tf.Tensor).dataSync()).map((v) => +v.toFixed(2)); // => [0.02, 0.04, 0.06, 0.08]
 * ```
 */
export function batchNorm(options: BatchNormOptions = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'batchNorm');
  const { axis = -1, momentum = 0.99, epsilon = 1e-3 } = options;
  if (!Number.isInteger(axis)) throw new ConfigError('batchNorm({axis})', `must be an integer, got ${axis}`);
  assertNumber(momentum, 'batchNorm({momentum})', { min: 0, max: 1 });
  assertNumber(epsilon, 'batchNorm({epsilon})', { min: 0, exclusiveMin: true });
  const center = checkBoolean(options.center ?? true, 'batchNorm({center})');
  const scale = checkBoolean(options.scale ?? true, 'batchNorm({scale})');
  const name = checkName(options.name, 'batch_norm', 'batchNorm({name})');
  const gammaInit = options.gammaInitializer ?? ones();
  const betaInit = options.betaInitializer ?? zeros();
  checkFunction(gammaInit, 'batchNorm({gammaInitializer})', 'pass e.g. ones()');
  checkFunction(betaInit, 'batchNorm({betaInitializer})', 'pass e.g. zeros()');
  const label = layerLabel('batchNorm', name);
  const resolve = (rank: number): number => {
    const a = axis < 0 ? axis + rank : axis;
    if (a < 1 || a >= rank) {
      throw new ShapeError(
        label,
        `axis ${axis} is not a feature axis of a rank-${rank} input (the batch is axis 0)`,
      );
    }
    return a;
  };
  const stateTensor = (state: TensorTree, key: string): tf.Tensor => {
    const t = state?.[key];
    if (t === undefined || !('dataId' in t)) {
      throw new ConfigError(
        label,
        `state has no tensor '${key}'; pass the state this layer's init (or last training apply) returned`,
      );
    }
    return t as tf.Tensor;
  };

  return {
    name,
    kind: 'BatchNormalization',
    init(rng: Rng, inputShape: Shape) {
      const a = resolve(inputShape.length);
      const features = inputShape[a];
      if (typeof features !== 'number' || features < 1) {
        throw new ShapeError(label, `expected a known size on axis ${axis}, got ${formatShape(inputShape)}`);
      }
      const params: Record<string, tf.Tensor> = {};
      if (scale) params.gamma = initialize(gammaInit, rng, [features], `${label} gammaInitializer`);
      if (center) params.beta = initialize(betaInit, rng, [features], `${label} betaInitializer`);
      return {
        params,
        state: { movingMean: tf.zeros([features]), movingVariance: tf.ones([features]) },
        outputShape: inputShape,
      };
    },
    apply(params, x, ctx) {
      const a = resolve(x.rank);
      const features = x.shape[a]!;
      const movingMean = stateTensor(ctx.state, 'movingMean');
      const movingVariance = stateTensor(ctx.state, 'movingVariance');
      if (movingMean.size !== features) {
        throw new ShapeError(
          label,
          `input ${formatShape(x.shape)} has ${features} features on axis ${axis}, the moving statistics ${formatShape(movingMean.shape)}`,
        );
      }
      const gamma = scale ? param(params, 'gamma', label) : undefined;
      const beta = center ? param(params, 'beta', label) : undefined;
      const spec: NormalizeSpec = {
        axes: x.shape.flatMap((_, i) => (i === a ? [] : [i])),
        paramShape: x.shape.map((d, i) => (i === a ? d : 1)),
        epsilon,
      };
      if (!ctx.training) {
        const y = tf.tidy(() =>
          normalizeWith(
            x,
            movingMean,
            movingVariance,
            gamma ?? tf.ones([features]),
            beta ?? tf.zeros([features]),
            spec,
          ),
        );
        return { y, state: { movingMean, movingVariance } };
      }
      let moments: [tf.Tensor, tf.Tensor] | undefined;
      const y = tf.tidy(() =>
        normalizeWithStats(x, gamma ?? tf.ones([features]), beta ?? tf.zeros([features]), spec, (m, v) => {
          moments = [m, v];
        }),
      );
      const [mean, variance] = moments!;
      const state = tf.tidy(() => ({
        movingMean: tf.add(tf.mul(movingMean, momentum), tf.mul(tf.reshape(mean, [features]), 1 - momentum)),
        movingVariance: tf.add(
          tf.mul(movingVariance, momentum),
          tf.mul(tf.reshape(variance, [features]), 1 - momentum),
        ),
      }));
      tf.dispose([mean, variance]);
      return { y, state };
    },
  };
}
