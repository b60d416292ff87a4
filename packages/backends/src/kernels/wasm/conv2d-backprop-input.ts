import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { conv2DGradGeometry } from '../conv-geometry.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, free, gemm, ptr, transpose2d, zeros } from './wasm-backend.js';

const label = 'Conv2DBackpropInput (wasm)';

/**
 * Input gradient of a 2-D convolution on wasm (also the forward pass of a transposed convolution):
 * columns = dy · Wᵀ ([N·OH·OW, CO] × [CO, KH·KW·C]) on the backend's XNNPACK GEMM, then the helper's
 * col2im adds each column block back onto the input pixel it came from. (Running both a chunk of
 * rows at a time, to keep the column matrix in cache, measured no faster.) The same two steps serve
 * every stride, dilation and padding (no zero-inserted copy of dy for strides > 1), and replace
 * tfjs-backend-wasm's own kernel, a direct loop about ten times slower on a CNN layer (README).
 */
export function conv2DBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  attrs: Conv2DBackpropInputAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, label);
  const { dy, filter } = args.inputs;
  const { inputShape } = args.attrs;
  const g = conv2DGradGeometry(label, inputShape, filter.shape, args.attrs);
  const { M, R, CO } = g;
  if (M === 0 || R === 0 || CO === 0) return zeros(backend, [...inputShape]);
  const helper = helperFor(backend);
  const filterT = transpose2d(backend, filter, R, CO);
  const cols = gemm(backend, dy, filterT, M, CO, R);
  const dx = zeros(backend, [...inputShape]);
  helper.col2im(ptr(backend, cols), ptr(backend, dx), 0, M, ...g.args);
  free(backend, cols);
  free(backend, filterT);
  return dx;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
};
