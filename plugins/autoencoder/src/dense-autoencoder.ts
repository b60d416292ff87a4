import { assertInteger, assertKnownKeys } from '@strata/core';
import { dense, flatten, reshape, sequential } from '@strata/layers';
import type { AutoencoderParts } from './autoencoder-parts.js';
import { checkImageShape, checkObject, checkWidths } from './internal/options.js';

/** Options of `denseAutoencoder` (registered as `autoencoder/dense`). */
export interface DenseAutoencoderOptions {
  /** The image shape `[height, width, channels]`, e.g. [28, 28, 1]. */
  readonly imageShape: readonly number[];
  /** The code size. */
  readonly latent: number;
  /** Hidden widths of the encoder (the decoder mirrors them). Default [256]. */
  readonly hidden?: readonly number[];
}

const KEYS = ['imageShape', 'latent', 'hidden'];

/**
 * A fully connected autoencoder: the encoder flattens the image and runs ReLU dense layers of widths
 * `hidden` down to a linear code of `latent` units; the decoder mirrors it up to one logit per pixel,
 * reshaped to the image. `codeUnits` sizes the code layer (a VAE's encoder gives 2·latent).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { denseAutoencoder } from '@strata/plugin-autoencoder';
 *
 * const { encoder, decoder } = denseAutoencoder({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * encoder.init(createRng(0), [null, 4, 4, 1]).outputShape; // => [null, 2]
 * decoder.init(createRng(0), [null, 2]).outputShape; // => [null, 4, 4, 1]
 * ```
 */
export function denseAutoencoder(options: DenseAutoencoderOptions, codeUnits?: number): AutoencoderParts {
  const label = 'autoencoder/dense';
  const o = checkObject(options, label);
  assertKnownKeys(o, KEYS, label);
  const [h, w, c] = checkImageShape(o.imageShape, `${label}({imageShape})`);
  assertInteger(o.latent, `${label}({latent})`);
  const hidden = o.hidden === undefined ? [256] : checkWidths(o.hidden, `${label}({hidden})`);
  const encoder = sequential(
    [
      flatten(),
      ...hidden.map((units) => dense({ units, activation: 'relu' })),
      dense({ units: codeUnits ?? o.latent }),
    ],
    { name: 'encoder' },
  );
  const decoder = sequential(
    [
      ...[...hidden].reverse().map((units) => dense({ units, activation: 'relu' })),
      dense({ units: h * w * c }),
      reshape({ targetShape: [h, w, c] }),
    ],
    { name: 'decoder' },
  );
  return { encoder, decoder };
}
