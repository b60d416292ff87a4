import type { Layer, TensorTree } from '@strata/core';

/**
 * An autoencoder as two named parts: `encoder` maps an image `[B, h, w, c]` to a code `[B, latent]`
 * (for a VAE, `[B, 2·latent]`: the mean then the log-variance), `decoder` maps a code back to
 * per-pixel logits `[B, h, w, c]`. The decoder emits logits so that the binary cross-entropy is
 * computed from logits (stable for pixels at 0 and 1); `decode` and `reconstruct` apply the sigmoid.
 */
export type AutoencoderParts = {
  readonly encoder: Layer;
  readonly decoder: Layer;
};

/** A trained autoencoder: its parts and the `{ encoder, decoder }` params (and state) a step trained. */
export interface TrainedAutoencoder {
  readonly model: AutoencoderParts;
  readonly params: TensorTree;
  readonly state?: TensorTree;
}
