import {
  Cast,
  type CastAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasmBackend, runWasm } from './wasm-backend.js';

/**
 * A Cast to the dtype the tensor already has (the relu gradient casts its float mask to float) by
 * sharing the data, reference counted, as identity.ts does; wasm's own Cast copies it. Any real
 * conversion goes to the original kernel.
 */
export function castWasm(args: {
  inputs: { x: TensorInfo };
  attrs: CastAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'Cast (wasm)');
  const { x } = args.inputs;
  if (x.dtype !== args.attrs.dtype || x.dtype === 'string') {
    return runWasm(backend, Cast, args.inputs, args.attrs as never);
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const castConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: castWasm as unknown as KernelFunc,
};
