import {
  assertKnownKeys,
  ConfigError,
  type GradientTransformation,
  type Layer,
  type Shape,
  type StepEntryInput,
} from '@strata/core';
import type { AutoencoderParts } from '../autoencoder-parts.js';
import { checkObject } from './options.js';

const isLayer = (x: unknown): x is Layer =>
  typeof x === 'object' && x !== null && typeof (x as Layer).init === 'function';

/** The encoder and decoder of a built architecture, or a labelled error saying what is needed. */
export function partsOf(model: unknown, label: string): AutoencoderParts {
  const m = model as Partial<AutoencoderParts> | undefined;
  if (!m || !isLayer(m.encoder) || !isLayer(m.decoder)) {
    throw new ConfigError(
      label,
      "needs a model with 'encoder' and 'decoder' parts (autoencoder/dense, autoencoder/conv or autoencoder/vae)",
    );
  }
  return { encoder: m.encoder, decoder: m.decoder };
}

/** The optimizer a step entry was given, or a labelled error. */
export function optimizerOf(input: StepEntryInput, label: string): GradientTransformation<unknown> {
  if (!input.optimizer)
    throw new ConfigError(label, 'needs an optimizer; name one in the config (optimizer: { id })');
  return input.optimizer;
}

/** A step entry's own options as an object with only `known` keys (undefined reads as {}). */
export function stepOptionsOf(
  options: unknown,
  known: readonly string[],
  label: string,
): Record<string, unknown> {
  const o = options === undefined ? {} : checkObject(options, label);
  assertKnownKeys(o, known, label);
  return o;
}

export type { Shape };
