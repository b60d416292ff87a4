import { BackendError, type ConvPoolBackpropAttrs } from '@strata/core';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

/** The loops' geometry, in the order the helper module's convPoolBackprop takes it. */
export type ConvPoolArgs = [
  N: number,
  H: number,
  W: number,
  C: number,
  OH: number,
  OW: number,
  KH: number,
  KW: number,
  sh: number,
  sw: number,
  pt: number,
  pl: number,
  CO: number,
  PH: number,
  PW: number,
  pkh: number,
  pkw: number,
  psh: number,
  psw: number,
  ppt: number,
  ppl: number,
];

/**
 * The kernel's inputs and attributes checked (every implementation's: `wrt`, ranks, dtypes, shapes
 * that agree, pool windows that do not overlap) and its loops' geometry.
 */
export function convPoolGeometry(
  inputs: { x: TensorInfo; filter: TensorInfo; y: TensorInfo; dy: TensorInfo },
  attrs: ConvPoolBackpropAttrs,
  kernel: string,
): { args: ConvPoolArgs; R: number; CO: number } {
  if (attrs.wrt !== 'filter' && attrs.wrt !== 'input') {
    throw new BackendError(kernel, `wrt must be 'filter' or 'input', got ${String(attrs.wrt)}`);
  }
  const { x, filter, y, dy } = inputs;
  for (const [name, t] of Object.entries(inputs)) {
    if (t.shape.length !== 4)
      throw new BackendError(kernel, `${name} must be rank 4 (NHWC), got [${t.shape}]`);
    if (t.dtype !== 'float32') throw new BackendError(kernel, `${name} must be float32, got ${t.dtype}`);
  }
  const { strides, pad, poolSize, poolStrides, poolPad } = attrs;
  if (poolStrides[0] < poolSize[0] || poolStrides[1] < poolSize[1]) {
    throw new BackendError(
      kernel,
      `pool windows overlap (size [${poolSize}], strides [${poolStrides}]); use MaxPoolGrad and the dense conv gradients`,
    );
  }
  const conv = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filter.shape as Shape4,
    [...strides],
    1,
    pad,
  );
  const convOut = [conv.batchSize, conv.outHeight, conv.outWidth, conv.outChannels];
  if (y.shape.some((d, i) => d !== convOut[i])) {
    throw new BackendError(kernel, `y has shape [${y.shape}] but the convolution gives [${convOut}]`);
  }
  const pool = backend_util.computePool2DInfo(y.shape as Shape4, [...poolSize], [...poolStrides], 1, poolPad);
  const poolOut = [pool.batchSize, pool.outHeight, pool.outWidth, pool.outChannels];
  if (dy.shape.some((d, i) => d !== poolOut[i])) {
    throw new BackendError(kernel, `dy has shape [${dy.shape}] but the pool gives [${poolOut}]`);
  }
  const [N, H, W, C] = x.shape as Shape4;
  const [KH, KW, , CO] = filter.shape as Shape4;
  return {
    R: KH * KW * C,
    CO,
    args: [
      N,
      H,
      W,
      C,
      conv.outHeight,
      conv.outWidth,
      KH,
      KW,
      conv.strideHeight,
      conv.strideWidth,
      conv.padInfo.top,
      conv.padInfo.left,
      CO,
      pool.outHeight,
      pool.outWidth,
      pool.filterHeight,
      pool.filterWidth,
      pool.strideHeight,
      pool.strideWidth,
      pool.padInfo.top,
      pool.padInfo.left,
    ],
  };
}
