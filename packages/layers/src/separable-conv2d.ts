import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initialize } from './initializers/initializer.js';
import { type ConvCommonOptions, convCommon } from './internal/conv-options.js';
import { depthwiseGeometry, depthwiseOutput } from './internal/depthwise.js';
import { fusedConv2d } from './internal/fused-conv2d.js';
import { param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface SeparableConv2dOptions extends ConvCommonOptions {
  /** Output channels of the pointwise step. */
  readonly filters: number;
  /** `k` or `[kh, kw]`: the depthwise window. */
  readonly kernelSize: number | readonly [number, number];
  /** Depthwise output channels per input channel; default 1. */
  readonly depthMultiplier?: number;
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid', as Keras. */
  readonly padding?: 'same' | 'valid';
  /** Default 1. Rates above 1 need strides of 1. */
  readonly dilationRate?: number | readonly [number, number];
  /** Default `glorotUniform()`, as Keras. */
  readonly depthwiseInitializer?: Initializer;
  /** Default `glorotUniform()`, as Keras. */
  readonly pointwiseInitializer?: Initializer;
}

const KEYS = [
  'filters',
  'kernelSize',
  'depthMultiplier',
  'strides',
  'padding',
  'dilationRate',
  'activation',
  'useBias',
  'depthwiseInitializer',
  'pointwiseInitializer',
  'biasInitializer',
  'name',
];

/**
 * A depthwise separable 2-D convolution (Xception, Chollet 2017): a depthwise convolution (each
 * channel with its own `depthMultiplier` filters, no bias) followed by a 1×1 convolution to `filters`
 * channels, bias and activation, as Keras's `SeparableConv2D`. Params: `depthwiseKernel`
 * [kh, kw, in, depthMultiplier], `pointwiseKernel` [1, 1, in · depthMultiplier, filters], `bias`
 * [filters]. The pointwise step runs as `conv2d`'s fused kernel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { separableConv2d } from '@strata/layers';
 *
 * const layer = separableConv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' });
 * const { params, outputShape } = layer.init(createRng(0), [null, 8, 8, 4]);
 * outputShape; // => [null, 8, 8, 16]
 * (params.pointwiseKernel as tf.Tensor).shape; // => [1, 1, 4, 16]
 * ```
 */
export function separableConv2d(options: SeparableConv2dOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'separableConv2d');
  assertInteger(options.filters, 'separableConv2d({filters})');
  const { filters } = options;
  const padding = options.padding ?? 'valid';
  assertOneOf(padding, ['same', 'valid'], 'separableConv2d({padding})');
  const g = depthwiseGeometry(options, 'separableConv2d');
  const { name, activation, biasInit, kernelInits, useBias, label } = convCommon(
    options,
    'separableConv2d',
    'separable_conv2d',
    {
      depthwiseInitializer: options.depthwiseInitializer,
      pointwiseInitializer: options.pointwiseInitializer,
    },
  );
  const pointwise = {
    strides: [1, 1] as [number, number],
    padding: 'valid' as const,
    dilations: [1, 1] as [number, number],
  };
  return {
    name,
    kind: 'SeparableConv2D',
    init(rng: Rng, inputShape: Shape) {
      const [h, w] = depthwiseOutput(inputShape, g, padding, label);
      const inChannels = inputShape[3] as number;
      const depthwiseKernel = initialize(
        kernelInits.depthwiseInitializer!,
        rng,
        [g.kernelSize[0], g.kernelSize[1], inChannels, g.depthMultiplier],
        `${label} depthwiseInitializer`,
      );
      const pointwiseKernel = initialize(
        kernelInits.pointwiseInitializer!,
        rng,
        [1, 1, inChannels * g.depthMultiplier, filters],
        `${label} pointwiseInitializer`,
      );
      const kernels = { depthwiseKernel, pointwiseKernel };
      const params = useBias
        ? { ...kernels, bias: initialize(biasInit, rng, [filters], `${label} biasInitializer`) }
        : kernels;
      return { params, state: {}, outputShape: [inputShape[0] ?? null, h, w, filters] };
    },
    apply(params, x, _ctx) {
      const depthwise = param(params, 'depthwiseKernel', label);
      const pointwiseKernel = param(params, 'pointwiseKernel', label);
      const bias = useBias ? param(params, 'bias', label) : undefined;
      const inChannels = depthwise.shape[2]!;
      if (x.rank !== 4 || x.shape[3] !== inChannels) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?, ?, ${inChannels}], got ${formatShape(x.shape)}`,
        );
      }
      const y = tf.tidy(() => {
        const z = tf.depthwiseConv2d(
          x as tf.Tensor4D,
          depthwise as tf.Tensor4D,
          g.strides,
          padding,
          'NHWC',
          g.dilations,
        );
        return fusedConv2d(z, pointwiseKernel, bias, pointwise, activation);
      });
      return { y, state: {} };
    },
  };
}
