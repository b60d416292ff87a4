import * as tf from '@tensorflow/tfjs-core';
import type { TrainedAutoencoder } from './autoencoder-parts.js';
import { decode } from './decode.js';
import { encode } from './encode.js';

/**
 * Images through the autoencoder in inference mode: `decode(encode(x))`. For a VAE, give `latent`:
 * the encoder's μ is decoded (the mode of q(z | x), no sampling). The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { reconstruct, vae, vaeStep } from '@strata/plugin-autoencoder';
 * import { sgd } from '@strata/optim';
 *
 * const model = vae({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * const step = vaeStep({ model, inputShape: [null, 4, 4, 1], optimizer: sgd({ learningRate: 0.1 }), latent: 2 });
 * const { params } = step.init(createRng(0));
 * reconstruct({ model, params }, tf.zeros([3, 4, 4, 1]), { latent: 2 }).shape; // => [3, 4, 4, 1]
 * ```
 */
export function reconstruct(
  trained: TrainedAutoencoder,
  x: tf.Tensor,
  options: { readonly latent?: number } = {},
): tf.Tensor {
  return tf.tidy(() => {
    const code = encode(trained, x);
    const z = options.latent === undefined ? code : tf.slice(code, [0, 0], [-1, options.latent]);
    return decode(trained, z);
  });
}
