import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  SplitV,
  type SplitVAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { sliceHeap } from './slice.js';
import { asWasmBackend, runWasm } from './wasm-backend.js';

/** SplitV through {@link sliceHeap}: each part copies only itself (see slice.ts). */
export function splitVWasm(args: {
  inputs: { x: TensorInfo };
  attrs: SplitVAttrs;
  backend: unknown;
}): TensorInfo[] {
  const backend = asWasmBackend(args.backend, 'SplitV (wasm)');
  const { x } = args.inputs;
  if (x.dtype === 'string') return runWasm(backend, SplitV, args.inputs, args.attrs as never) as never;
  const axis = util.parseAxisParam(args.attrs.axis, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x, args.attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((part) => {
    const size = [...x.shape];
    size[axis] = part;
    const out = sliceHeap(backend, x, begin, size);
    begin[axis]! += part;
    return out;
  });
}

export const splitVConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: 'wasm',
  kernelFunc: splitVWasm as unknown as KernelFunc,
};
