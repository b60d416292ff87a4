import {
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
import { normalizeWithStats } from './internal/normalize.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface LayerNormOptions {
  /** The axis or axes normalized over, per sample (default −1); gamma and beta have their sizes. */
  readonly axis?: number | readonly number[];
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
  /** Default 'layer_norm'. */
  readonly name?: string;
}

const KEYS = ['axis', 'epsilon', 'center', 'scale', 'gammaInitializer', 'betaInitializer', 'name'];

/**
 * Layer normalization (Ba et al. 2016), as Keras' `LayerNormalization`: each sample is normalized
 * with its own mean and (biased) variance over `axis`, then scaled by `gamma` and offset by `beta`
 * (shaped like those axes). The same in training and inference; no state. The gradient is written out
 * (one op).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { layerNorm } from '@strata/layers';
 *
 * const layer = layerNorm({ epsilon: 0 });
 * const { params } = layer.init(createRng(0), [null, 2]);
 * const { y } = layer.apply(params, tf.tensor2d([[1, 3]]), { training: false, state: {} });
 * Array.from(y.dataSync()); // => [-1, 1]
 * ```
 */
export function layerNorm(options: LayerNormOptions = {}): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'layerNorm');
  const { epsilon = 1e-3 } = options;
  const axes =
    typeof options.axis === 'number' || options.axis === undefined ? [options.axis ?? -1] : [...options.axis];
  if (axes.length === 0 || !axes.every(Number.isInteger)) {
    throw new ConfigError(
      'layerNorm({axis})',
      `must be an integer or a non-empty list of them, got ${JSON.stringify(options.axis)}`,
    );
  }
  assertNumber(epsilon, 'layerNorm({epsilon})', { min: 0 });
  for (const key of ['center', 'scale'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new ConfigError(`layerNorm({${key}})`, `must be a boolean, got ${typeof options[key]}`);
    }
  }
  const center = options.center ?? true;
  const scale = options.scale ?? true;
  const name = checkName(options.name, 'layer_norm', 'layerNorm({name})');
  const gammaInit = options.gammaInitializer ?? ones();
  const betaInit = options.betaInitializer ?? zeros();
  checkFunction(gammaInit, 'layerNorm({gammaInitializer})', 'pass e.g. ones()');
  checkFunction(betaInit, 'layerNorm({betaInitializer})', 'pass e.g. zeros()');
  const label = layerLabel('layerNorm', name);
  const resolve = (rank: number): number[] =>
    [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))]
      .sort((p, q) => p - q)
      .map((a) => {
        if (a < 1 || a >= rank) {
          throw new ShapeError(label, `axis ${a} is not a non-batch axis of a rank-${rank} input`);
        }
        return a;
      });

  return {
    name,
    kind: 'LayerNormalization',
    init(rng: Rng, inputShape: Shape) {
      const on = resolve(inputShape.length);
      const dims = on.map((a) => inputShape[a]);
      if (!dims.every((d) => typeof d === 'number' && d > 0)) {
        throw new ShapeError(
          label,
          `expected known sizes on the normalized axes, got ${formatShape(inputShape)}`,
        );
      }
      const shape = dims as number[];
      const params: Record<string, tf.Tensor> = {};
      if (scale) params.gamma = initialize(gammaInit, rng, shape, `${label} gammaInitializer`);
      if (center) params.beta = initialize(betaInit, rng, shape, `${label} betaInitializer`);
      return { params, state: {}, outputShape: inputShape };
    },
    apply(params, x, _ctx) {
      const on = resolve(x.rank);
      const shape = on.map((a) => x.shape[a]!);
      const gamma = scale ? param(params, 'gamma', label) : undefined;
      const beta = center ? param(params, 'beta', label) : undefined;
      for (const p of [gamma, beta]) {
        if (p && (p.size !== shape.reduce((a, b) => a * b, 1) || p.rank !== shape.length)) {
          throw new ShapeError(
            label,
            `input ${formatShape(x.shape)} normalizes over ${formatShape(shape)}, params are ${formatShape(p.shape)}`,
          );
        }
      }
      const y = tf.tidy(() =>
        normalizeWithStats(x, gamma ?? tf.ones(shape), beta ?? tf.zeros(shape), {
          axes: on,
          paramShape: x.shape.map((d, i) => (on.includes(i) ? d : 1)),
          epsilon,
        }),
      );
      return { y, state: {} };
    },
  };
}
