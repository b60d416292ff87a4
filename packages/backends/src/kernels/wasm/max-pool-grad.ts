import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

/**
 * Max-pool gradient on wasm in one pass: for each output window the helper finds the first maximum
 * of the input (SIMD across four channels at a time) and adds dy there, the routing of tfjs's cpu
 * kernel. tfjs-backend-wasm's own kernel instead loops over every input pixel and re-scans each
 * window that covers it; on the CNN benchmark it took 30% of a training step (README).
 */
export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  attrs: MaxPoolGradAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'MaxPoolGrad (wasm)');
  const { dy, input } = args.inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = temp(backend, [...input.shape]);
  helperFor(backend).maxPoolGrad(
    ptr(backend, input),
    ptr(backend, dy),
    ptr(backend, dx),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.effectiveFilterHeight,
    info.effectiveFilterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
