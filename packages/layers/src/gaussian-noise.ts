import { assertKnownKeys, assertNumber, ConfigError, type Rng, randomNormal, type Shape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { identity } from './internal/identity.js';
import { lazyGradOp } from './internal/lazy-grad-op.js';
import { checkName } from './internal/options.js';
import { layerLabel } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

/**
 * Adds zero-mean Gaussian noise of standard deviation `stddev` while training (a regularizer, and the
 * corruption of a denoising autoencoder), as Keras's `GaussianNoise`; inference is the identity. The
 * noise comes from `ctx.rng`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { gaussianNoise } from '@strata/layers';
 *
 * const noise = gaussianNoise({ stddev: 0.1 });
 * const x = tf.zeros([1, 1000]);
 * const { y } = noise.apply({}, x, { training: true, rng: createRng(1), state: {} });
 * Math.abs(tf.moments(y).variance.dataSync()[0]! - 0.01) < 0.002; // => true
 * noise.apply({}, tf.ones([1, 2]), { training: false, state: {} }).y; // => [[1, 1]]
 * ```
 */
export function gaussianNoise(options: { readonly stddev: number; readonly name?: string }): LayerWithKind {
  assertKnownKeys(options ?? {}, ['stddev', 'name'], 'gaussianNoise');
  const { stddev } = options;
  assertNumber(stddev, 'gaussianNoise({stddev})', { min: 0 });
  const name = checkName(options.name, 'gaussian_noise', 'gaussianNoise({name})');
  const label = layerLabel('gaussianNoise', name);
  return {
    name,
    kind: 'GaussianNoise',
    init(_rng: Rng, inputShape: Shape) {
      return { params: {}, state: {}, outputShape: inputShape };
    },
    apply(_params, x, ctx) {
      if (!ctx.training || stddev === 0) return { y: tf.tidy(() => identity(x)), state: {} };
      const rng = ctx.rng;
      if (!rng) {
        throw new ConfigError(
          label,
          'training adds random noise and needs a generator: pass { training: true, rng } to apply',
        );
      }
      const y = tf.tidy(() => {
        const noise = randomNormal(rng, x.shape, 0, stddev);
        return lazyGradOp(([xIn, n]) => ({
          value: tf.add(xIn!, n!),
          gradFunc: (dy) => [() => tf.clone(dy), () => tf.zerosLike(dy)],
        }))(x, noise);
      });
      return { y, state: {} };
    },
  };
}
