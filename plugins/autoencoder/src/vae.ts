import { assertKnownKeys, assertOneOf } from '@strata/core';
import type { AutoencoderParts } from './autoencoder-parts.js';
import { convAutoencoder } from './conv-autoencoder.js';
import { denseAutoencoder } from './dense-autoencoder.js';
import { checkObject } from './internal/options.js';

/** Options of `vae` (registered as `autoencoder/vae`). */
export interface VaeOptions {
  readonly imageShape: readonly number[];
  /** The size of z. */
  readonly latent: number;
  /** 'dense' (default) or 'conv': the body of `denseAutoencoder` or `convAutoencoder`. */
  readonly body?: 'dense' | 'conv';
  /** Hidden widths of a dense body. Default [256]. */
  readonly hidden?: readonly number[];
  /** Filters of a conv body. Default [16, 32]. */
  readonly filters?: readonly number[];
}

/**
 * A variational autoencoder's parts (Kingma & Welling 2014, "Auto-Encoding Variational Bayes"): the
 * encoder gives `[B, 2·latent]`, the mean μ then the log-variance log σ² of q(z | x); the decoder maps
 * z to per-pixel logits of p(x | z). Train it with `vaeStep`.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { vae } from '@strata/plugin-autoencoder';
 *
 * const { encoder } = vae({ imageShape: [4, 4, 1], latent: 2, hidden: [8] });
 * encoder.init(createRng(0), [null, 4, 4, 1]).outputShape; // => [null, 4]
 * ```
 */
export function vae(options: VaeOptions): AutoencoderParts {
  const label = 'autoencoder/vae';
  const o = checkObject(options, label);
  assertKnownKeys(o, ['imageShape', 'latent', 'body', 'hidden', 'filters'], label);
  const body = o.body ?? 'dense';
  assertOneOf(body, ['dense', 'conv'], `${label}({body})`);
  const latent = o.latent as number;
  const { body: _, hidden, filters, ...rest } = o as unknown as VaeOptions;
  if (body === 'conv') {
    if (hidden !== undefined) assertKnownKeys({ hidden }, [], `${label}({body: 'conv'})`);
    return convAutoencoder({ ...rest, ...(filters === undefined ? {} : { filters }) }, 2 * latent);
  }
  if (filters !== undefined) assertKnownKeys({ filters }, [], `${label}({body: 'dense'})`);
  return denseAutoencoder({ ...rest, ...(hidden === undefined ? {} : { hidden }) }, 2 * latent);
}
