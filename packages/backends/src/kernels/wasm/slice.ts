import {
  type KernelConfig,
  type KernelFunc,
  Slice,
  type SliceAttrs,
  slice_util,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasmBackend, ptr, runWasm, temp, type WasmBackend } from './wasm-backend.js';

/**
 * `x[begin : begin + size]` copied from heap to heap, one `copyWithin` per contiguous run. The stock
 * wasm Slice first reads the whole input out of the heap (`readSync` copies it), so slicing one step
 * out of a [time, batch, features] tensor costs the whole tensor, every step of a recurrent layer;
 * Unpack and SplitV slice through it too. Strings go to the stock kernel.
 */
export function sliceHeap(backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = temp(backend, size, x.dtype);
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const bytes = x.dtype === 'bool' ? 1 : 4;
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * x.shape[i + 1]!;
  // The innermost axis k whose trailing axes are taken whole: each run copies size[k]·strides[k].
  let k = rank - 1;
  while (k > 0 && size[k] === x.shape[k]) k--;
  const run = size[k]! * strides[k]! * bytes;
  const heap = backend.wasm.HEAPU8;
  const src = ptr(backend, x);
  let dst = ptr(backend, out);
  const index = new Array<number>(k).fill(0);
  const runs = total / (size[k]! * strides[k]!);
  for (let r = 0; r < runs; r++) {
    let offset = begin[k]! * strides[k]!;
    for (let a = 0; a < k; a++) offset += (begin[a]! + index[a]!) * strides[a]!;
    const from = src + offset * bytes;
    heap.copyWithin(dst, from, from + run);
    dst += run;
    for (let a = k - 1; a >= 0; a--) {
      if (++index[a]! < size[a]!) break;
      index[a] = 0;
    }
  }
  return out;
}

export function sliceWasm(args: {
  inputs: { x: TensorInfo };
  attrs: SliceAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'Slice (wasm)');
  const { x } = args.inputs;
  if (x.dtype === 'string') return runWasm(backend, Slice, args.inputs, args.attrs as never);
  const [begin, size] = slice_util.parseSliceParams(x, args.attrs.begin, args.attrs.size) as [
    number[],
    number[],
  ];
  return sliceHeap(backend, x, begin, size);
}

export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'wasm',
  kernelFunc: sliceWasm as unknown as KernelFunc,
};
