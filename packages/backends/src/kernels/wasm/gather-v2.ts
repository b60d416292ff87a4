import { DataError } from '@strata/core';
import {
  GatherV2,
  type GatherV2Attrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasmBackend, ptr, runWasm, temp } from './wasm-backend.js';

/**
 * Row gather along axis 0 (an embedding lookup): one `copyWithin` per index, heap to heap. The stock
 * wasm GatherV2 copies element by element through strided index arithmetic, which made the lookup
 * of a [20,000, 128] table by 5,120 ids one of the slowest kernels of an embedding + LSTM training
 * step. Other axes, batch dimensions and dtypes go to the stock kernel.
 */
export function gatherV2Wasm(args: {
  inputs: { x: TensorInfo; indices: TensorInfo };
  attrs: GatherV2Attrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'GatherV2 (wasm)');
  const { x, indices } = args.inputs;
  const axis = util.parseAxisParam(args.attrs.axis, x.shape)[0];
  if (
    axis !== 0 ||
    (args.attrs.batchDims ?? 0) !== 0 ||
    (x.dtype !== 'float32' && x.dtype !== 'int32') ||
    indices.dtype !== 'int32'
  ) {
    return runWasm(backend, GatherV2, args.inputs, args.attrs as never);
  }
  const rows = x.shape[0]!;
  const row = x.shape.slice(1).reduce((a, b) => a * b, 1) * 4;
  const count = indices.shape.reduce((a, b) => a * b, 1);
  const out = temp(backend, [...indices.shape, ...x.shape.slice(1)], x.dtype);
  const heap = backend.wasm.HEAPU8;
  const ids = backend.wasm.HEAP32;
  const idStart = ptr(backend, indices) >> 2;
  const src = ptr(backend, x);
  let dst = ptr(backend, out);
  for (let i = 0; i < count; i++) {
    const id = ids[idStart + i]!;
    if (id < 0 || id >= rows) {
      backend.disposeData(out.dataId);
      throw new DataError('GatherV2 (wasm)', `index ${id} at position ${i} is not in [0, ${rows - 1}]`);
    }
    heap.copyWithin(dst, src + id * row, src + (id + 1) * row);
    dst += row;
  }
  return out;
}

export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'wasm',
  kernelFunc: gatherV2Wasm as unknown as KernelFunc,
};
