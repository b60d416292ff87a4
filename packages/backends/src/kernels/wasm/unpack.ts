import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Unpack,
  type UnpackAttrs,
} from '@tensorflow/tfjs-core';
import { sliceHeap } from './slice.js';
import { asWasmBackend, runWasm, view } from './wasm-backend.js';

/** Unpack through {@link sliceHeap}: each output copies only its own part (see slice.ts). */
export function unpackWasm(args: {
  inputs: { value: TensorInfo };
  attrs: UnpackAttrs;
  backend: unknown;
}): TensorInfo[] {
  const backend = asWasmBackend(args.backend, 'Unpack (wasm)');
  const { value } = args.inputs;
  if (value.dtype === 'string') return runWasm(backend, Unpack, args.inputs, args.attrs as never) as never;
  const axis = args.attrs.axis < 0 ? args.attrs.axis + value.shape.length : args.attrs.axis;
  const n = value.shape[axis]!;
  const size = [...value.shape];
  size[axis] = 1;
  const outShape = value.shape.filter((_, i) => i !== axis);
  return Array.from({ length: n }, (_, i) => {
    const begin = value.shape.map((_, a) => (a === axis ? i : 0));
    return view(sliceHeap(backend, value, begin, size), outShape);
  });
}

export const unpackConfig: KernelConfig = {
  kernelName: Unpack,
  backendName: 'wasm',
  kernelFunc: unpackWasm as unknown as KernelFunc,
};
