import { assertInteger, assertKnownKeys, assertOneOf, ConfigError, type Layer } from '@strata/core';

/** What the adversarial step and the sample grid need to know of a GAN built by this plugin. */
export interface GanSpec {
  /** Noise size the generator takes (without the one-hot label). */
  readonly latent: number;
  /** Classes of a conditional GAN (its label is one-hot concatenated to noise and images); 0 otherwise. */
  readonly classes: number;
  /** One image's shape [height, width, channels]. */
  readonly image: readonly [number, number, number];
  /** The generator's last activation: tanh images are in [-1, 1], sigmoid ones in [0, 1]. */
  readonly output: 'tanh' | 'sigmoid';
}

/** A GAN architecture: the two parts the adversarial step trains. */
export type GanParts = {
  readonly generator: Layer;
  readonly discriminator: Layer;
};

/*
 * The spec of each architecture this plugin built, kept beside it rather than on it: an architecture's
 * own keys are its parts (the testkit and `strata train` walk them), so metadata cannot live there.
 */
const SPECS = new WeakMap<object, GanSpec>();

export function recordSpec(parts: GanParts, spec: GanSpec): GanParts {
  SPECS.set(parts, spec);
  return parts;
}

export function specOf(parts: object): GanSpec | undefined {
  return SPECS.get(parts);
}

/** The options both architectures share, checked, with DCGAN's defaults scaled down for MNIST. */
export interface DcganOptions {
  /** Image height and width, a multiple of 4 (two stride-2 up-samplings from imageSize/4). Default 28. */
  readonly imageSize?: number;
  /** Image channels. Default 1. */
  readonly channels?: number;
  /** Noise size. Default 100 (Radford et al. 2016). */
  readonly latent?: number;
  /** Filters of the wider convolution; the other has half as many. Default 64. */
  readonly filters?: number;
  /** The generator's output activation. Default 'tanh' (real images are scaled to [-1, 1] to match). */
  readonly output?: 'tanh' | 'sigmoid';
  /** The discriminator's dropout rate after each convolution. Default 0.3. */
  readonly dropout?: number;
  /** Side of every convolution's kernel, in both parts. Default 5 (TensorFlow's DCGAN tutorial; 4 in Radford et al.). */
  readonly kernelSize?: number;
}

export const DCGAN_KEYS = [
  'imageSize',
  'channels',
  'latent',
  'filters',
  'output',
  'dropout',
  'kernelSize',
] as const;

export function checkDcganOptions(
  options: unknown,
  label: string,
  extra: readonly string[] = [],
): Required<DcganOptions> {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(label, `options must be an object, got ${JSON.stringify(options)}`);
  }
  assertKnownKeys(options, [...DCGAN_KEYS, ...extra], label);
  const o = {
    imageSize: 28,
    channels: 1,
    latent: 100,
    filters: 64,
    output: 'tanh',
    dropout: 0.3,
    kernelSize: 5,
    ...options,
  } as Required<DcganOptions>;
  assertInteger(o.imageSize, `${label}({imageSize})`, 4);
  if (o.imageSize % 4 !== 0) {
    throw new ConfigError(
      `${label}({imageSize})`,
      `must be a multiple of 4 (the generator up-samples imageSize/4 twice by 2), got ${o.imageSize}`,
    );
  }
  assertInteger(o.channels, `${label}({channels})`);
  assertInteger(o.latent, `${label}({latent})`);
  assertInteger(o.filters, `${label}({filters})`, 2);
  assertInteger(o.kernelSize, `${label}({kernelSize})`, 1);
  assertOneOf(o.output, ['tanh', 'sigmoid'], `${label}({output})`);
  if (typeof o.dropout !== 'number' || !(o.dropout >= 0 && o.dropout < 1)) {
    throw new ConfigError(
      `${label}({dropout})`,
      `must be a number in [0, 1), got ${JSON.stringify(o.dropout)}`,
    );
  }
  return o;
}
