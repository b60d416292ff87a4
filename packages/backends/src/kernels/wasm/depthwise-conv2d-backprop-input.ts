import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseGeometry } from './depthwise-geometry.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

/**
 * Input gradient of a depthwise convolution, which tfjs-backend-wasm lacks: the helper module adds
 * dy·w for every tap back onto the input pixel it read (SIMD across channels when the channel
 * multiplier is 1). Strides, dilations and padding as in the forward pass.
 */
export function depthwiseConv2dNativeBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'DepthwiseConv2dNativeBackpropInput (wasm)');
  const { dy, filter } = args.inputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs;
  const g = depthwiseGeometry(inputShape, filter.shape, strides, dilations, pad, dimRoundingMode);
  const dx = temp(backend, [...inputShape]);
  helperFor(backend).depthwiseInputGrad(ptr(backend, dy), ptr(backend, filter), ptr(backend, dx), ...g.args);
  return dx;
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInputWasm as unknown as KernelFunc,
};
