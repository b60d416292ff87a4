import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseGeometry } from './depthwise-geometry.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

/**
 * Filter gradient of a depthwise convolution, which tfjs-backend-wasm lacks. Each channel is its
 * own tiny correlation, so there is no GEMM to hand to XNNPACK: the helper module accumulates
 * x·dy products for every tap, SIMD across channels when the channel multiplier is 1 (the common
 * MobileNet case). Strides, dilations and padding as in the forward pass.
 */
export function depthwiseConv2dNativeBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'DepthwiseConv2dNativeBackpropFilter (wasm)');
  const { x, dy } = args.inputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = args.attrs;
  const g = depthwiseGeometry(x.shape, filterShape, strides, dilations, pad, dimRoundingMode);
  const dw = temp(backend, [...filterShape]);
  helperFor(backend).depthwiseFilterGrad(ptr(backend, x), ptr(backend, dy), ptr(backend, dw), ...g.args);
  return dw;
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilterWasm as unknown as KernelFunc,
};
