import type { TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainedAutoencoder } from './autoencoder-parts.js';

/**
 * Images from codes `z` `[B, latent]` in inference mode: the sigmoid of the decoder's logits, pixels in
 * (0, 1). The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { decode, denseAutoencoder } from '@strata/plugin-autoencoder';
 *
 * const model = denseAutoencoder({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * const { params } = model.decoder.init(createRng(0), [null, 2]);
 * decode({ model, params: { decoder: params } }, tf.zeros([3, 2])).shape; // => [3, 4, 4, 1]
 * ```
 */
export function decode(trained: TrainedAutoencoder, z: tf.Tensor): tf.Tensor {
  const { model, params, state } = trained;
  return tf.tidy(() =>
    tf.sigmoid(
      model.decoder.apply(params.decoder as TensorTree, z, {
        training: false,
        state: (state?.decoder ?? {}) as TensorTree,
      }).y,
    ),
  );
}
