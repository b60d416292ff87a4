import type { TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainedAutoencoder } from './autoencoder-parts.js';

/**
 * The codes of images `x` in inference mode: `[B, latent]` (for a VAE `[B, 2·latent]`, μ then log σ²).
 * The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { denseAutoencoder, encode } from '@strata/plugin-autoencoder';
 *
 * const model = denseAutoencoder({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * const { params } = model.encoder.init(createRng(0), [null, 4, 4, 1]);
 * encode({ model, params: { encoder: params } }, tf.zeros([3, 4, 4, 1])).shape; // => [3, 2]
 * ```
 */
export function encode(trained: TrainedAutoencoder, x: tf.Tensor): tf.Tensor {
  const { model, params, state } = trained;
  return tf.tidy(
    () =>
      model.encoder.apply(params.encoder as TensorTree, x, {
        training: false,
        state: (state?.encoder ?? {}) as TensorTree,
      }).y,
  );
}
