import { assertInteger } from '@strata/core';
import { dcganParts } from './internal/dcgan-parts.js';
import { checkDcganOptions, type DcganOptions, type GanParts, recordSpec } from './internal/gan-spec.js';

/** `gan/conditional`'s options: DCGAN's and the number of classes. */
export interface ConditionalGanOptions extends DcganOptions {
  /** Classes the labels index, from 0. Default 10. */
  readonly classes?: number;
}

/**
 * A class-conditional DCGAN (Mirza & Osindero 2014): the label, one-hot, is concatenated to the
 * generator's noise (`[B, latent + classes]`) and to the discriminator's image as `classes` constant
 * channels (`[B, size, size, channels + classes]`); the `gan/adversarial` step does the
 * concatenation from each batch's `y`. Otherwise the parts are `dcgan`'s. The registry entry
 * `gan/conditional`.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { conditionalGan } from '@strata/plugin-gan';
 *
 * const { generator, discriminator } = conditionalGan({ imageSize: 8, latent: 4, filters: 2, classes: 3 });
 * generator.init(createRng(0), [null, 4 + 3]).outputShape; // => [null, 8, 8, 1]
 * discriminator.init(createRng(0), [null, 8, 8, 1 + 3]).outputShape; // => [null, 1]
 * ```
 */
export function conditionalGan(options: ConditionalGanOptions = {}): GanParts {
  const o = checkDcganOptions(options, 'gan/conditional', ['classes']);
  const classes = options?.classes ?? 10;
  assertInteger(classes, 'gan/conditional({classes})', 2);
  const { classes: _, ...dcganOptions } = o as Required<DcganOptions> & { classes?: number };
  return recordSpec(dcganParts(dcganOptions), {
    latent: o.latent,
    classes,
    image: [o.imageSize, o.imageSize, o.channels],
    output: o.output,
  });
}
