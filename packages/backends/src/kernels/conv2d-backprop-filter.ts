import { BackendError } from '@strata/core';
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, copyRows, free, gemm, ptr, temp, transpose2d, view, zeros } from './wasm-backend.js';

const label = 'Conv2DBackpropFilter (wasm)';

/**
 * Filter gradient of a 2-D convolution on wasm: dW = patches(x)ᵀ · dy, with the patch matrix built
 * by the helper module straight from the heap (im2col) and the product done by the backend's
 * XNNPACK GEMM. Strides, dilations and TF SAME/VALID/explicit padding are all handled by the patch
 * gather, so no case needs a dilated or cropped copy of dy.
 *
 * Which operand XNNPACK packs as "weights" is chosen per shape (measured, see the package README):
 * patchesᵀ [R, M] · dy when dy is the smaller ([M, CO] with CO ≤ R, most layers), otherwise
 * dyᵀ · patches [M, R] and a small transpose of the [CO, R] result (a first layer on grey images).
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  attrs: Conv2DBackpropFilterAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, label);
  const { x, dy } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs;
  if (dataFormat === 'NCHW') throw new BackendError(label, 'only NHWC is supported on wasm, got NCHW');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const g = convGeometry(info);
  const { M, R, CO } = g;
  if (M === 0 || R === 0 || CO === 0) return zeros(backend, [...filterShape]);
  const helper = helperFor(backend);
  // XNNPACK packs the second GEMM operand afresh on every call (~4 ns a float, measured), so the
  // smaller of dy [M, CO] and the patches [M, R] goes there. (Splitting the reduction over M into
  // cache-sized chunks measured no faster, and slower where the patches are narrow.)
  if (CO <= R) {
    const patchesT = temp(backend, [R, M]);
    helper.im2colT(ptr(backend, x), ptr(backend, patchesT), 0, M, ...g.args);
    // XNNPACK caches packed weights under the weight tensor's id, whatever shape the tensor is
    // viewed with; a private copy of dy keeps that cache from ever matching another view of dy.
    const dyCopy = copyRows(backend, dy, 0, M, CO);
    const result = gemm(backend, patchesT, dyCopy, R, M, CO);
    free(backend, patchesT, dyCopy);
    return view(result, [...filterShape]);
  }
  const patches = temp(backend, [M, R]);
  helper.im2col(ptr(backend, x), ptr(backend, patches), 0, M, ...g.args);
  const dyT = transpose2d(backend, dy, M, CO);
  const resultT = gemm(backend, dyT, patches, CO, M, R);
  const result = transpose2d(backend, resultT, CO, R);
  free(backend, patches, dyT, resultT);
  return view(result, [...filterShape]);
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};
