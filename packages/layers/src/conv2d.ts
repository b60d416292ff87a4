import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, type ActivationName, getActivation } from './activations.js';
import { zeros } from './initializers/constant.js';
import { type Initializer, initialize } from './initializers/initializer.js';
import { glorotUniform } from './initializers/variance-scaling.js';
import { fusedConv2d } from './internal/fused-conv2d.js';
import { markConv } from './internal/fusion.js';
import { checkFunction, checkName, toPair, windowOutputSize } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface Conv2dOptions {
  /** Output channels. */
  readonly filters: number;
  /** `k` or `[kh, kw]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid', as Keras. 'same' is TensorFlow's: output ceil(in / stride), extra padding at the bottom/right. */
  readonly padding?: 'same' | 'valid';
  /** Default 1. Rates above 1 need strides of 1 (as Keras and TensorFlow). */
  readonly dilationRate?: number | readonly [number, number];
  /** Default `linear`; `relu`, `relu6`, `elu`, `sigmoid` and `leakyRelu` run fused with the convolution. */
  readonly activation?: ActivationName | Activation;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default `glorotUniform()`, as Keras. */
  readonly kernelInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly biasInitializer?: Initializer;
  /** Default 'conv2d'; `sequential` makes repeated names unique. */
  readonly name?: string;
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
 * A 2-D convolution over NHWC input with a `[kh, kw, in, filters]` kernel (TensorFlow's layout and SAME
 * padding; PyTorch uses NCHW and `[out, in, kh, kw]`). Params: `kernel`, `bias` [filters]. Runs as one
 * fused kernel (`FusedConv2D`: convolution, bias and activation), with the gradient written out so
 * training needs no gradient registry, dilated kernels included. In a `sequential`, a `maxPool2d` right
 * after it runs fused with it (one op, the same outputs and gradients, less work in the backward pass).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { conv2d } from '@strata/layers';
 *
 * const layer = conv2d({ filters: 32, kernelSize: 3, activation: 'relu' });
 * const { params, outputShape } = layer.init(createRng(0), [null, 28, 28, 1]);
 * outputShape; // => [null, 26, 26, 32]
 * (params.kernel as tf.Tensor).shape; // => [3, 3, 1, 32]
 * ```
 */
export function conv2d(options: Conv2dOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'conv2d');
  const { filters, padding = 'valid', useBias = true } = options;
  assertInteger(filters, 'conv2d({filters})');
  const kernelSize = toPair(options.kernelSize, 'conv2d({kernelSize})');
  const strides = toPair(options.strides ?? 1, 'conv2d({strides})');
  const dilations = toPair(options.dilationRate ?? 1, 'conv2d({dilationRate})');
  assertOneOf(padding, ['same', 'valid'], 'conv2d({padding})');
  if (Math.max(...strides) > 1 && Math.max(...dilations) > 1) {
    throw new ConfigError(
      'conv2d({dilationRate})',
      `dilation rates above 1 need strides of 1 (got strides [${strides}] and dilationRate [${dilations}]); use one or the other`,
    );
  }
  const name = checkName(options.name, 'conv2d', 'conv2d({name})');
  const activation = getActivation(options.activation, 'conv2d({activation})');
  const kernelInit = options.kernelInitializer ?? glorotUniform();
  const biasInit = options.biasInitializer ?? zeros();
  checkFunction(kernelInit, 'conv2d({kernelInitializer})', 'pass e.g. glorotUniform()');
  checkFunction(biasInit, 'conv2d({biasInitializer})', 'pass e.g. zeros()');
  if (typeof useBias !== 'boolean')
    throw new ConfigError('conv2d({useBias})', `must be a boolean, got ${typeof useBias}`);
  const label = layerLabel('conv2d', name);
  const geometry = { strides, padding, dilations };
  const window = kernelSize.map((k, i) => (k - 1) * dilations[i]! + 1) as [number, number];
  const prepare = (params: TensorTree, x: tf.Tensor) => {
    const kernel = param(params, 'kernel', label);
    const bias = useBias ? param(params, 'bias', label) : undefined;
    const inChannels = kernel.shape[2]!;
    if (x.rank !== 4 || x.shape[3] !== inChannels) {
      throw new ShapeError(
        label,
        `expected input shape [?, ?, ?, ${inChannels}], got ${formatShape(x.shape)}`,
      );
    }
    return { kernel, bias };
  };

  const layer: LayerWithKind = {
    name,
    kind: 'Conv2D',
    init(rng: Rng, inputShape: Shape) {
      const inChannels = inputShape[3];
      if (inputShape.length !== 4 || typeof inChannels !== 'number' || inChannels < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, height, width, channels] with known channels (NHWC), got ${formatShape(inputShape)}`,
        );
      }
      const [h, w] = [1, 2].map((axis, i) =>
        windowOutputSize(inputShape[axis]!, window[i]!, strides[i]!, padding),
      ) as [number | null, number | null];
      if ((h !== null && h < 1) || (w !== null && w < 1)) {
        throw new ShapeError(
          label,
          `input ${formatShape(inputShape)} is smaller than the ${window[0]}×${window[1]} window with 'valid' padding; use padding 'same' or a larger input`,
        );
      }
      const kernel = initialize(
        kernelInit,
        rng,
        [kernelSize[0], kernelSize[1], inChannels, filters],
        `${label} kernelInitializer`,
      );
      const params = useBias
        ? { kernel, bias: initialize(biasInit, rng, [filters], `${label} biasInitializer`) }
        : { kernel };
      return { params, state: {}, outputShape: [inputShape[0] ?? null, h, w, filters] };
    },
    apply(params, x, _ctx) {
      const { kernel, bias } = prepare(params, x);
      return { y: tf.tidy(() => fusedConv2d(x, kernel, bias, geometry, activation)), state: {} };
    },
  };
  return markConv(layer, { geometry, activation, prepare });
}
