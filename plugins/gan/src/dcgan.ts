import { dcganParts } from './internal/dcgan-parts.js';
import { checkDcganOptions, type DcganOptions, type GanParts, recordSpec } from './internal/gan-spec.js';

export type { DcganOptions, GanParts } from './internal/gan-spec.js';

/**
 * A DCGAN (Radford et al. 2016) for `imageSize`×`imageSize`×`channels` images, scaled down: the
 * `generator` maps `[B, latent]` noise to `[B, size, size, channels]` images (dense → reshape → two
 * stride-2 transposed convolutions with batch norm and ReLU → tanh or sigmoid), the `discriminator`
 * maps images to one logit each (two stride-2 convolutions with LeakyReLU(0.2) and dropout → dense).
 * The registry entry `gan/dcgan`; train it with the `gan/adversarial` step.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dcgan } from '@strata/plugin-gan';
 *
 * const { generator, discriminator } = dcgan({ imageSize: 8, latent: 4, filters: 2 });
 * generator.init(createRng(0), [null, 4]).outputShape; // => [null, 8, 8, 1]
 * discriminator.init(createRng(0), [null, 8, 8, 1]).outputShape; // => [null, 1]
 * ```
 */
export function dcgan(options: DcganOptions = {}): GanParts {
  const o = checkDcganOptions(options, 'gan/dcgan');
  return recordSpec(dcganParts(o), {
    latent: o.latent,
    classes: 0,
    image: [o.imageSize, o.imageSize, o.channels],
    output: o.output,
  });
}
