import { assertInteger, type Rng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainedAutoencoder } from './autoencoder-parts.js';
import { decode } from './decode.js';

/**
 * `count` new images from a trained VAE: z ~ N(0, 1) drawn from `rng` (the prior), decoded. The
 * caller owns the result.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { sample, vae } from '@strata/plugin-autoencoder';
 *
 * const model = vae({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * const { params } = model.decoder.init(createRng(0), [null, 2]);
 * sample({ model, params: { decoder: params } }, createRng(1), { count: 5, latent: 2 }).shape; // => [5, 4, 4, 1]
 * ```
 */
export function sample(
  trained: TrainedAutoencoder,
  rng: Rng,
  options: { readonly count: number; readonly latent: number },
): tf.Tensor {
  assertInteger(options.count, 'sample({count})');
  assertInteger(options.latent, 'sample({latent})');
  return tf.tidy(() => {
    const z = randomNormal(rng, [options.count, options.latent]);
    return decode(trained, z);
  });
}
