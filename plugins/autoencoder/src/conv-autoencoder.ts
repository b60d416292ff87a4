import { assertInteger, assertKnownKeys, ConfigError } from '@strata/core';
import { conv2d, conv2dTranspose, dense, flatten, reshape, sequential } from '@strata/layers';
import type { AutoencoderParts } from './autoencoder-parts.js';
import { checkImageShape, checkObject, checkWidths } from './internal/options.js';

/** Options of `convAutoencoder` (registered as `autoencoder/conv`). */
export interface ConvAutoencoderOptions {
  /** The image shape `[height, width, channels]`; height and width divisible by 2^filters.length. */
  readonly imageShape: readonly number[];
  /** The code size. */
  readonly latent: number;
  /** Filters of each stride-2 3×3 convolution of the encoder (the decoder mirrors them). Default [16, 32]. */
  readonly filters?: readonly number[];
}

const KEYS = ['imageShape', 'latent', 'filters'];

/**
 * A convolutional autoencoder: the encoder halves the image with each stride-2 3×3 ReLU convolution
 * (SAME padding) and maps the flattened result to a linear code; the decoder maps the code back to
 * the smallest feature map and doubles it with stride-2 transposed convolutions, the last one giving
 * one logit per pixel and channel. `codeUnits` sizes the code layer (a VAE's encoder gives 2·latent).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { convAutoencoder } from '@strata/plugin-autoencoder';
 *
 * const { encoder, decoder } = convAutoencoder({ imageShape: [8, 8, 1], latent: 3, filters: [2, 4] });
 * encoder.init(createRng(0), [null, 8, 8, 1]).outputShape; // => [null, 3]
 * decoder.init(createRng(0), [null, 3]).outputShape; // => [null, 8, 8, 1]
 * ```
 */
export function convAutoencoder(options: ConvAutoencoderOptions, codeUnits?: number): AutoencoderParts {
  const label = 'autoencoder/conv';
  const o = checkObject(options, label);
  assertKnownKeys(o, KEYS, label);
  const [h, w, c] = checkImageShape(o.imageShape, `${label}({imageShape})`);
  assertInteger(o.latent, `${label}({latent})`);
  const filters = o.filters === undefined ? [16, 32] : checkWidths(o.filters, `${label}({filters})`);
  if (filters.length === 0) throw new ConfigError(`${label}({filters})`, 'needs at least one convolution');
  const scale = 2 ** filters.length;
  if (h % scale !== 0 || w % scale !== 0) {
    throw new ConfigError(
      `${label}({imageShape})`,
      `height and width must be divisible by ${scale} (2 per convolution in filters), got ${h}×${w}; pad the images or use fewer filters`,
    );
  }
  const last = filters[filters.length - 1]!;
  const encoder = sequential(
    [
      ...filters.map((f) =>
        conv2d({ filters: f, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      ),
      flatten(),
      dense({ units: codeUnits ?? o.latent }),
    ],
    { name: 'encoder' },
  );
  const up = [...filters].reverse().slice(1);
  const decoder = sequential(
    [
      dense({ units: (h / scale) * (w / scale) * last, activation: 'relu' }),
      reshape({ targetShape: [h / scale, w / scale, last] }),
      ...up.map((f) =>
        conv2dTranspose({ filters: f, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      ),
      conv2dTranspose({ filters: c, kernelSize: 3, strides: 2, padding: 'same' }),
    ],
    { name: 'decoder' },
  );
  return { encoder, decoder };
}
