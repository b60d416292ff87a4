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
import { type Initializer, initialize } from './initializers/initializer.js';
import { type ConvCommonOptions, convCommon } from './internal/conv-options.js';
import { lazyGradOp } from './internal/lazy-grad-op.js';
import { toPair } from './internal/options.js';
import { param } from './internal/params.js';
import type { LayerWithKind } from './layer-with-kind.js';

export interface Conv2dTransposeOptions extends ConvCommonOptions {
  /** Output channels. */
  readonly filters: number;
  /** `k` or `[kh, kw]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Default 1: the upsampling factor. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid', as Keras. */
  readonly padding?: 'same' | 'valid';
  /**
   * Extra rows and columns at the bottom/right of the output, `p` or `[ph, pw]`, each below the
   * stride: it picks among the output sizes that a strided convolution maps to the same input size.
   * Given, the output size is Keras's `(in − 1) · stride + k − 2 · pad + outputPadding` (pad ⌊k/2⌋
   * for SAME, 0 for VALID); default: none (the sizes above).
   */
  readonly outputPadding?: number | readonly [number, number];
  /** Default `glorotUniform()`. */
  readonly kernelInitializer?: Initializer;
}

const KEYS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'outputPadding',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'name',
];

/**
 * The output length of a transposed convolution along one axis, as Keras computes it
 * (`deconv_output_length`): without output padding `in · stride` for SAME, `in · stride +
 * max(k − stride, 0)` for VALID. It is the input size of the forward convolution this op is the
 * gradient of.
 */
function transposedLength(
  size: number | null,
  kernel: number,
  stride: number,
  padding: 'same' | 'valid',
  outputPadding: number | undefined,
): number | null {
  if (size === null) return null;
  if (outputPadding !== undefined) {
    const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
    return (size - 1) * stride + kernel - 2 * pad + outputPadding;
  }
  return padding === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0);
}

/**
 * `outputPadding` as a pair, checked: each below its stride (as Keras requires), and with SAME
 * padding such that the forward convolution of the output has the input's size again
 * (ceil(out / stride) = in, i.e. 1 ≤ k mod 2 + p ≤ stride), since the op is that convolution's
 * input gradient.
 */
function checkOutputPadding(
  value: unknown,
  kernelSize: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): [number, number] | undefined {
  if (value === undefined) return undefined;
  const pair = typeof value === 'number' ? [value, value] : value;
  const label = 'conv2dTranspose({outputPadding})';
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ConfigError(
      label,
      `must be a non-negative integer or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  pair.forEach((p: number, i) => {
    if (p >= strides[i]!) {
      throw new ConfigError(label, `must be below the stride, got ${p} with stride ${strides[i]}`);
    }
    if (padding === 'same' && (kernelSize[i]! % 2) + p === 0) {
      throw new ConfigError(
        label,
        `with 'same' padding and the even kernel size ${kernelSize[i]}, must be at least 1 (0 gives an output whose convolution is smaller than the input)`,
      );
    }
  });
  return pair as [number, number];
}

/**
 * A transposed 2-D convolution ("deconvolution": the input gradient of a convolution, used to
 * upsample in decoders and GAN generators), NHWC, with Keras's kernel layout `[kh, kw, filters, in]`
 * (PyTorch's `ConvTranspose2d` is NCHW with `[in, out, kh, kw]`) and Keras's output size: `in · stride`
 * with SAME padding, `in · stride + max(k − stride, 0)` with VALID. Params: `kernel`, `bias` [filters].
 * Forward is the backend's `Conv2DBackpropInput`; the gradients are `Conv2D` (input) and
 * `Conv2DBackpropFilter` (kernel), each computed only when needed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { conv2dTranspose } from '@strata/layers';
 *
 * const layer = conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' });
 * const { params, outputShape } = layer.init(createRng(0), [null, 7, 7, 32]);
 * outputShape; // => [null, 14, 14, 16]
 * (params.kernel as tf.Tensor).shape; // => [3, 3, 16, 32]
 * ```
 */
export function conv2dTranspose(options: Conv2dTransposeOptions): LayerWithKind {
  assertKnownKeys(options ?? {}, KEYS, 'conv2dTranspose');
  const { filters, padding = 'valid' } = options;
  assertInteger(filters, 'conv2dTranspose({filters})');
  const kernelSize = toPair(options.kernelSize, 'conv2dTranspose({kernelSize})');
  const strides = toPair(options.strides ?? 1, 'conv2dTranspose({strides})');
  assertOneOf(padding, ['same', 'valid'], 'conv2dTranspose({padding})');
  const outputPadding = checkOutputPadding(options.outputPadding, kernelSize, strides, padding);
  const { name, activation, biasInit, kernelInits, useBias, label } = convCommon(
    options,
    'conv2dTranspose',
    'conv2d_transpose',
    { kernelInitializer: options.kernelInitializer },
  );
  const attrs = { strides, pad: padding, dataFormat: 'NHWC' as const, dilations: 1 };
  const outSize = (h: number | null, w: number | null) =>
    [
      transposedLength(h, kernelSize[0], strides[0], padding, outputPadding?.[0]),
      transposedLength(w, kernelSize[1], strides[1], padding, outputPadding?.[1]),
    ] as const;

  const transpose = lazyGradOp(([xIn, k], save) => {
    const [b, h, w] = xIn!.shape as [number, number, number, number];
    const [oh, ow] = outSize(h, w) as [number, number];
    const y = tf
      .engine()
      .runKernel(
        tf.Conv2DBackpropInput,
        { dy: xIn!, filter: k! },
        { ...attrs, inputShape: [b, oh, ow, filters] },
      );
    save([xIn!, k!]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dy, [xs, ks]) => [
        // This op is the input gradient of conv(y, k), so its own gradients are that convolution
        // (for x) and the filter gradient with the roles of input and output swapped (for k).
        () => tf.engine().runKernel(tf.Conv2D, { x: dy, filter: ks! }, attrs) as tf.Tensor,
        () =>
          tf
            .engine()
            .runKernel(
              tf.Conv2DBackpropFilter,
              { x: dy, dy: xs! },
              { ...attrs, filterShape: ks!.shape },
            ) as tf.Tensor,
      ],
    };
  });

  return {
    name,
    kind: 'Conv2DTranspose',
    init(rng: Rng, inputShape: Shape) {
      const inChannels = inputShape[3];
      if (inputShape.length !== 4 || typeof inChannels !== 'number' || inChannels < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, height, width, channels] with known channels (NHWC), got ${formatShape(inputShape)}`,
        );
      }
      const [h, w] = outSize(inputShape[1] ?? null, inputShape[2] ?? null);
      const kernel = initialize(
        kernelInits.kernelInitializer!,
        rng,
        [kernelSize[0], kernelSize[1], filters, inChannels],
        `${label} kernelInitializer`,
      );
      const params = useBias
        ? { kernel, bias: initialize(biasInit, rng, [filters], `${label} biasInitializer`) }
        : { kernel };
      return { params, state: {}, outputShape: [inputShape[0] ?? null, h, w, filters] };
    },
    apply(params, x, _ctx) {
      const kernel = param(params, 'kernel', label);
      const bias = useBias ? param(params, 'bias', label) : undefined;
      const inChannels = kernel.shape[3]!;
      if (x.rank !== 4 || x.shape[3] !== inChannels) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?, ?, ${inChannels}], got ${formatShape(x.shape)}`,
        );
      }
      const y = tf.tidy(() => {
        const z = transpose(x, kernel);
        return activation(bias ? tf.add(z, bias) : z);
      });
      return { y, state: {} };
    },
  };
}
