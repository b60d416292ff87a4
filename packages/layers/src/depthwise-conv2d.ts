import { assertKnownKeys, assertOneOf, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initialize } from './initializers/initializer.js';
import { type ConvCommonOptions, convCommon } from './internal/conv-options.js';
import { depthwiseGeometry, depthwiseOutput } from './internal/depthwise.js';
import { param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface DepthwiseConv2dOptions extends ConvCommonOptions {
  /** `k` or `[kh, kw]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Output channels per input channel; default 1. */
  readonly depthMultiplier?: number;
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid', as Keras. */
  readonly padding?: 'same' | 'valid';
  /** Default 1. Rates above 1 need strides of 1. */
  readonly dilationRate?: number | readonly [number, number];
  /** Default `glorotUniform()`, as Keras. */
  readonly depthwiseInitializer?: Initializer;
}

const KEYS = [
  'kernelSize',
  'depthMultiplier',
  'strides',
  'padding',
  'dilationRate',
  'activation',
  'useBias',
  'depthwiseInitializer',
  'biasInitializer',
  'name',
];

/**
 * A depthwise 2-D convolution (MobileNet, Howard et al. 2017): each input channel is convolved with
 * its own `depthMultiplier` filters, so output channel `c · depthMultiplier + m` comes from input
 * channel `c` alone. NHWC, Keras's kernel layout `[kh, kw, in, depthMultiplier]` (PyTorch: a `Conv2d`
 * with `groups = in`). Params: `depthwiseKernel`, `bias` [in · depthMultiplier]. Forward is the
 * backend's `DepthwiseConv2dNative`; training uses the backprop kernels (which Strata adds on wasm)
 * through the gradients that `useBackend` registers.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { depthwiseConv2d } from '@strata/layers';
 *
 * const layer = depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' });
 * const { params, outputShape } = layer.init(createRng(0), [null, 8, 8, 3]);
 * outputShape; // => [null, 8, 8, 6]
 * (params.depthwiseKernel as tf.Tensor).shape; // => [3, 3, 3, 2]
 * ```
 */
export function depthwiseConv2d(options: DepthwiseConv2dOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'depthwiseConv2d');
  const padding = options.padding ?? 'valid';
  assertOneOf(padding, ['same', 'valid'], 'depthwiseConv2d({padding})');
  const g = depthwiseGeometry(options, 'depthwiseConv2d');
  const { name, activation, biasInit, kernelInits, useBias, label } = convCommon(
    options,
    'depthwiseConv2d',
    'depthwise_conv2d',
    { depthwiseInitializer: options.depthwiseInitializer },
  );
  return {
    name,
    kind: 'DepthwiseConv2D',
    init(rng: Rng, inputShape: Shape) {
      const [h, w] = depthwiseOutput(inputShape, g, padding, label);
      const inChannels = inputShape[3] as number;
      const out = inChannels * g.depthMultiplier;
      const depthwiseKernel = initialize(
        kernelInits.depthwiseInitializer!,
        rng,
        [g.kernelSize[0], g.kernelSize[1], inChannels, g.depthMultiplier],
        `${label} depthwiseInitializer`,
      );
      const params = useBias
        ? { depthwiseKernel, bias: initialize(biasInit, rng, [out], `${label} biasInitializer`) }
        : { depthwiseKernel };
      return { params, state: {}, outputShape: [inputShape[0] ?? null, h, w, out] };
    },
    apply(params, x, _ctx) {
      const kernel = param(params, 'depthwiseKernel', label);
      const bias = useBias ? param(params, 'bias', label) : undefined;
      const inChannels = kernel.shape[2]!;
      if (x.rank !== 4 || x.shape[3] !== inChannels) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?, ?, ${inChannels}], got ${formatShape(x.shape)}`,
        );
      }
      const y = tf.tidy(() => {
        const z = tf.depthwiseConv2d(
          x as tf.Tensor4D,
          kernel as tf.Tensor4D,
          g.strides,
          padding,
          'NHWC',
          g.dilations,
        );
        return activation(bias ? tf.add(z, bias) : z);
      });
      return { y, state: {} };
    },
  };
}
