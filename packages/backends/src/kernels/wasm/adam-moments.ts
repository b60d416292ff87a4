import { ADAM_MOMENTS_KERNEL, type AdamMomentsAttrs } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { adamMomentsInputs } from '../adam-moments-inputs.js';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

const label = `${ADAM_MOMENTS_KERNEL} (wasm)`;

/**
 * Adam's moments and step (see `ADAM_MOMENTS_KERNEL` in @strata/core) in one SIMD pass of the helper
 * module over the wasm heap: one kernel launch per parameter instead of twelve.
 */
export function adamMomentsWasm(args: {
  inputs: { g?: TensorInfo; m?: TensorInfo; v?: TensorInfo };
  attrs: AdamMomentsAttrs;
  backend: unknown;
}): TensorInfo[] {
  const backend = asWasmBackend(args.backend, label);
  const { g, m, v, size } = adamMomentsInputs(args.inputs, label);
  const { b1, b2, eps, c1, c2 } = args.attrs;
  const shape = [...g.shape];
  const out = [temp(backend, shape), temp(backend, shape), temp(backend, shape)] as const;
  if (size > 0) {
    helperFor(backend).adamMoments(
      ptr(backend, g),
      ptr(backend, m),
      ptr(backend, v),
      ptr(backend, out[0]),
      ptr(backend, out[1]),
      ptr(backend, out[2]),
      size,
      b1,
      b2,
      eps,
      c1,
      c2,
    );
  }
  return [...out];
}

export const adamMomentsConfig: KernelConfig = {
  kernelName: ADAM_MOMENTS_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamMomentsWasm as unknown as KernelFunc,
};
