import {
  assertInteger,
  createRng,
  definePlugin,
  disposeTree,
  type StepEntryInput,
  type StrataPlugin,
} from '@strata/core';
import { type ConvAutoencoderOptions, convAutoencoder } from './conv-autoencoder.js';
import { type DenseAutoencoderOptions, denseAutoencoder } from './dense-autoencoder.js';
import { optimizerOf, partsOf, stepOptionsOf } from './internal/step-options.js';
import { reconstructStep } from './reconstruct-step.js';
import { type VaeOptions, vae } from './vae.js';
import { vaeStep } from './vae-step.js';

/** The step entry `autoencoder/reconstruct`'s own options (`step.options` in a config). */
export interface ReconstructEntryOptions {
  readonly loss?: 'bce' | 'mse';
  readonly noise?: number;
  readonly key?: string;
}

/** The step entry `autoencoder/elbo`'s own options; `latent` defaults to half the encoder's output. */
export interface VaeEntryOptions {
  readonly latent?: number;
  readonly beta?: number;
  readonly key?: string;
}

declare module '@strata/core' {
  interface ArchitectureMap {
    'autoencoder/dense': DenseAutoencoderOptions;
    'autoencoder/conv': ConvAutoencoderOptions;
    'autoencoder/vae': VaeOptions;
  }
  interface StepMap {
    'autoencoder/reconstruct': StepEntryInput;
    'autoencoder/elbo': StepEntryInput;
  }
}

const reconstructEntry = (input: StepEntryInput) => {
  const label = 'autoencoder/reconstruct';
  const o = stepOptionsOf(
    input.options,
    ['loss', 'noise', 'key'],
    `${label}(options)`,
  ) as ReconstructEntryOptions;
  return reconstructStep({
    model: partsOf(input.model, label),
    inputShape: input.inputShape,
    optimizer: optimizerOf(input, label),
    ...o,
  });
};

const vaeEntry = (input: StepEntryInput) => {
  const label = 'autoencoder/elbo';
  const o = stepOptionsOf(input.options, ['latent', 'beta', 'key'], `${label}(options)`) as VaeEntryOptions;
  const model = partsOf(input.model, label);
  let latent = o.latent;
  if (latent === undefined) {
    // Half the encoder's output: μ and log σ².
    const built = model.encoder.init(createRng(0), input.inputShape);
    disposeTree([built.params, built.state]);
    latent = (built.outputShape[1] ?? 0) / 2;
  }
  assertInteger(latent, `${label}({latent})`);
  const { latent: _, ...rest } = o;
  return vaeStep({
    model,
    inputShape: input.inputShape,
    optimizer: optimizerOf(input, label),
    latent,
    ...rest,
  });
};

/**
 * The autoencoder plugin (namespace `autoencoder`): architectures `autoencoder/dense`,
 * `autoencoder/conv` and `autoencoder/vae` (each `{ encoder, decoder }` parts) and the training steps
 * `autoencoder/reconstruct` (plain or denoising) and `autoencoder/elbo` (the VAE's; registry ids are
 * unique across kinds, so the step cannot share the architecture's id `autoencoder/vae`). Register it with
 * `registry.use(autoencoderPlugin())` or `strata train --plugin @strata/plugin-autoencoder`.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@strata/core';
 * import { autoencoderPlugin } from '@strata/plugin-autoencoder';
 *
 * const registry = createRegistry().use(autoencoderPlugin());
 * registry.get('autoencoder/vae').ref; // => 'autoencoder/vae@0.1.0'
 * registry.list('steps').map((e) => e.id); // => ['autoencoder/reconstruct', 'autoencoder/elbo']
 * ```
 */
export function autoencoderPlugin(): StrataPlugin {
  return definePlugin({
    meta: { name: '@strata/plugin-autoencoder', version: '0.1.0', namespace: 'autoencoder' },
    strata: '^0.1.0',
    architectures: {
      dense: (options: DenseAutoencoderOptions) => denseAutoencoder(options),
      conv: (options: ConvAutoencoderOptions) => convAutoencoder(options),
      vae: (options: VaeOptions) => vae(options),
    },
    steps: { reconstruct: reconstructEntry, elbo: vaeEntry },
  });
}

/** The export `strata train --plugin @strata/plugin-autoencoder` loads: the same factory as `autoencoderPlugin`. */
export const plugin = autoencoderPlugin;
