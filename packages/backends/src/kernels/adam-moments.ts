import { ADAM_MOMENTS_KERNEL, type AdamMomentsAttrs, BackendError } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { helperFor } from './helper-module.js';
import { asWasmBackend, ptr, temp } from './wasm-backend.js';

const label = `${ADAM_MOMENTS_KERNEL} (wasm)`;

/** Checks the inputs every implementation of the kernel takes: three float32 tensors of one shape. */
export function adamMomentsInputs(
  inputs: { g?: TensorInfo; m?: TensorInfo; v?: TensorInfo },
  kernel: string,
): { g: TensorInfo; m: TensorInfo; v: TensorInfo; size: number } {
  const { g, m, v } = inputs;
  if (g === undefined || m === undefined || v === undefined) {
    throw new BackendError(kernel, 'needs the inputs g, m and v');
  }
  for (const [name, t] of [
    ['m', m],
    ['v', v],
  ] as const) {
    if (t.shape.length !== g.shape.length || t.shape.some((d, i) => d !== g.shape[i])) {
      throw new BackendError(kernel, `${name} has shape [${t.shape}] but g has [${g.shape}]`);
    }
  }
  if ([g, m, v].some((t) => t.dtype !== 'float32')) {
    throw new BackendError(kernel, 'g, m and v must be float32');
  }
  return { g, m, v, size: g.shape.reduce((a, b) => a * b, 1) };
}

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
