import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, runWasm } from './wasm-backend.js';

/**
 * Identity by sharing the data, reference counted,
 * as the cpu backend and wasm's own Reshape do. tfjs clones every tensor that a gradient saves for
 * the backward pass, and wasm's Identity copies it: 3 ms of copies per step on the benchmark CNN
 * (README). Tensors are immutable once written, so sharing is safe; strings keep the original.
 */
export function identityWasm(args: { inputs: { x: TensorInfo }; backend: unknown }): TensorInfo {
  const backend = asWasmBackend(args.backend, 'Identity (wasm)');
  const { x } = args.inputs;
  if (x.dtype === 'string') return runWasm(backend, Identity, args.inputs);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelFunc,
};
