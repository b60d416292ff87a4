import { BackendError } from '@strata/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

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
