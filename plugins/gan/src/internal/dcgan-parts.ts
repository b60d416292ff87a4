import {
  activation,
  batchNorm,
  conv2d,
  conv2dTranspose,
  dense,
  dropout,
  flatten,
  leakyReluWith,
  reshape,
  sequential,
} from '@strata/layers';
import type { DcganOptions, GanParts } from './gan-spec.js';

/**
 * DCGAN's parts (Radford et al. 2016), scaled down as in TensorFlow's DCGAN tutorial: the generator
 * projects noise with a dense layer to (size/4)² × 2f, then two k×k (default 5×5) stride-2 transposed convolutions
 * double the size each (batch norm and ReLU between, no bias before a batch norm), ending in tanh or
 * sigmoid; the discriminator is two k×k stride-2 convolutions with LeakyReLU(0.2) and dropout, then
 * one dense logit. Input sizes come from `init`, so the conditional GAN's wider inputs (noise or
 * images with one-hot labels concatenated) need no other parts.
 */
export function dcganParts(o: Required<DcganOptions>): GanParts {
  const s = o.imageSize / 4;
  const k = o.kernelSize;
  const f = o.filters;
  const wide = 2 * f;
  const generator = sequential(
    [
      dense({ units: s * s * wide, useBias: false }),
      batchNorm(),
      activation('relu'),
      reshape({ targetShape: [s, s, wide] }),
      conv2dTranspose({ filters: f, kernelSize: k, strides: 2, padding: 'same', useBias: false }),
      batchNorm(),
      activation('relu'),
      conv2dTranspose({ filters: o.channels, kernelSize: k, strides: 2, padding: 'same' }),
      activation(o.output),
    ],
    { name: 'generator' },
  );
  const leaky = leakyReluWith(0.2);
  const discriminator = sequential(
    [
      conv2d({ filters: f, kernelSize: k, strides: 2, padding: 'same', activation: leaky }),
      dropout({ rate: o.dropout }),
      conv2d({ filters: wide, kernelSize: k, strides: 2, padding: 'same', activation: leaky }),
      dropout({ rate: o.dropout }),
      flatten(),
      dense({ units: 1 }),
    ],
    { name: 'discriminator' },
  );
  return { generator, discriminator };
}
