import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './initializers/initializer.js';
import { initialize } from './initializers/initializer.js';
import { type ConvCommonOptions, convCommon } from './internal/conv-options.js';
import { fusedConv2d } from './internal/fused-conv2d.js';
import { reshapeWithGrad } from './internal/identity.js';
import { windowOutputSize } from './internal/options.js';
import { padWithGrad } from './internal/pad-crop.js';
import { param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface Conv1dOptions extends ConvCommonOptions {
  /** Output channels. */
  readonly filters: number;
  /** Window length. */
  readonly kernelSize: number;
  /** Default 1. */
  readonly strides?: number;
  /**
   * Default 'valid', as Keras. 'same' is TensorFlow's (output ceil(steps / stride), extra padding at
   * the end); 'causal' pads only the start by (kernelSize - 1) · dilationRate, so output t sees
   * inputs up to t only (WaveNet, van den Oord et al. 2016).
   */
  readonly padding?: 'same' | 'valid' | 'causal';
  /** Default 1. Rates above 1 need strides of 1. */
  readonly dilationRate?: number;
  /** Default `glorotUniform()`. */
  readonly kernelInitializer?: Initializer;
}

const KEYS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dilationRate',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'name',
];

/**
 * A 1-D convolution over `[batch, steps, channels]` input with a `[kernelSize, in, filters]` kernel
 * (Keras's layout; PyTorch's `Conv1d` is channels-first with `[out, in, k]`). Params: `kernel`,
 * `bias` [filters]. Runs as `conv2d`'s fused kernel on a height-1 image, so it trains on every
 * backend `conv2d` does.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { conv1d } from '@strata/layers';
 *
 * const layer = conv1d({ filters: 8, kernelSize: 3, padding: 'causal' });
 * const { params, outputShape } = layer.init(createRng(0), [null, 20, 4]);
 * outputShape; // => [null, 20, 8]
 * (params.kernel as tf.Tensor).shape; // => [3, 4, 8]
 * layer.apply(params, tf.ones([2, 20, 4]), { training: false, state: {} }).y.shape; // => [2, 20, 8]
 * ```
 */
export function conv1d(options: Conv1dOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'conv1d');
  const { filters, kernelSize, strides = 1, dilationRate = 1, padding = 'valid' } = options;
  assertInteger(filters, 'conv1d({filters})');
  assertInteger(kernelSize, 'conv1d({kernelSize})');
  assertInteger(strides, 'conv1d({strides})');
  assertInteger(dilationRate, 'conv1d({dilationRate})');
  assertOneOf(padding, ['same', 'valid', 'causal'], 'conv1d({padding})');
  if (strides > 1 && dilationRate > 1) {
    throw new ConfigError(
      'conv1d({dilationRate})',
      `dilation rates above 1 need strides of 1 (got strides ${strides} and dilationRate ${dilationRate}); use one or the other`,
    );
  }
  const { name, activation, biasInit, kernelInits, useBias, label } = convCommon(
    options,
    'conv1d',
    'conv1d',
    { kernelInitializer: options.kernelInitializer },
  );
  const window = (kernelSize - 1) * dilationRate + 1;
  const geometry = {
    strides: [1, strides] as [number, number],
    padding: padding === 'same' ? ('same' as const) : ('valid' as const),
    dilations: [1, dilationRate] as [number, number],
  };

  return {
    name,
    kind: 'Conv1D',
    init(rng: Rng, inputShape: Shape) {
      const inChannels = inputShape[2];
      if (inputShape.length !== 3 || typeof inChannels !== 'number' || inChannels < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, steps, channels] with known channels, got ${formatShape(inputShape)}`,
        );
      }
      const steps = inputShape[1] ?? null;
      // Causal padding adds window - 1 steps at the start, then convolves with VALID windows.
      const out =
        padding === 'causal'
          ? windowOutputSize(steps === null ? null : steps + window - 1, window, strides, 'valid')
          : windowOutputSize(steps, window, strides, padding);
      if (out !== null && out < 1) {
        throw new ShapeError(
          label,
          `input ${formatShape(inputShape)} is shorter than the window of ${window} steps with 'valid' padding; use padding 'same' or 'causal'`,
        );
      }
      const kernel = initialize(
        kernelInits.kernelInitializer!,
        rng,
        [kernelSize, inChannels, filters],
        `${label} kernelInitializer`,
      );
      const params = useBias
        ? { kernel, bias: initialize(biasInit, rng, [filters], `${label} biasInitializer`) }
        : { kernel };
      return { params, state: {}, outputShape: [inputShape[0] ?? null, out, filters] };
    },
    apply(params, x, _ctx) {
      const kernel = param(params, 'kernel', label);
      const bias = useBias ? param(params, 'bias', label) : undefined;
      const inChannels = kernel.shape[1]!;
      if (x.rank !== 3 || x.shape[2] !== inChannels) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?, ${inChannels}], got ${formatShape(x.shape)}`,
        );
      }
      const y = tf.tidy(() => {
        const b = x.shape[0]!;
        const padded =
          padding === 'causal'
            ? padWithGrad(x, [
                [0, 0],
                [window - 1, 0],
                [0, 0],
              ])
            : x;
        const image = reshapeWithGrad(padded, [b, 1, padded.shape[1]!, inChannels]);
        const k4 = reshapeWithGrad(kernel, [1, kernelSize, inChannels, filters]);
        const out = fusedConv2d(image, k4, bias, geometry, activation);
        return reshapeWithGrad(out, [b, out.shape[2]!, filters]);
      });
      return { y, state: {} };
    },
  };
}
