import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { helperFor } from './helper-module.js';
import { asWasmBackend, free, gemm, ptr, runWasm, temp, transpose2d, view } from './wasm-backend.js';

/**
 * Batch-1 matrix products with a transposed operand. tfjs-backend-wasm sends only the untransposed
 * batch-1 case to XNNPACK and every other to a scalar blocked loop; the two products of a dense
 * layer's gradient (dy·Wᵀ and xᵀ·dy) are exactly the transposed cases. a·bᵀ transposes b with the
 * backend's Transpose and takes the XNNPACK path (about 6× faster than the scalar loop on the
 * benchmark CNN's 576×64 layer, README); aᵀ·b runs on the helper module's gemmTN, which reads both
 * operands in place. Batched products keep the original kernel.
 */
export function batchMatMulWasm(args: {
  inputs: { a: TensorInfo; b: TensorInfo };
  attrs: BatchMatMulAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asWasmBackend(args.backend, 'BatchMatMul (wasm)');
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = args.attrs;
  // The kernel sees rank-2 operands too (tfjs's matMul op passes them as they are).
  const single = (t: TensorInfo) => t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);
  const fast =
    (transposeA || transposeB) && single(a) && single(b) && a.dtype === 'float32' && b.dtype === 'float32';
  if (!fast) return runWasm(backend, BatchMatMul, args.inputs, args.attrs as never);
  if (transposeA && !transposeB) {
    // aᵀ·b (a weight gradient, xᵀ·dy) read in place by the helper's gemmTN: no transpose of a and
    // no packing of b, ~1.3× faster than the XNNPACK path on a recurrent layer's [5120, 128]ᵀ·[5120, 512].
    const [k, m] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.shape.length - 1] as number;
    const out = temp(backend, [...(a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2), m, n]);
    if (m * n > 0)
      helperFor(backend).gemmTN(ptr(backend, a), ptr(backend, b), ptr(backend, out), k, m, n, m, n);
    return out;
  }
  const matrix = (t: TensorInfo, transposed: boolean): TensorInfo => {
    const [r, c] = t.shape.slice(-2) as [number, number];
    return transposed ? transpose2d(backend, t, r, c) : view(t, [r, c]);
  };
  const a2 = matrix(a, transposeA);
  const b2 = matrix(b, transposeB);
  const [m, k] = a2.shape as [number, number];
  const n = b2.shape[1] as number;
  const out = gemm(backend, a2, b2, m, k, n);
  if (transposeA) free(backend, a2);
  if (transposeB) free(backend, b2);
  const batch = a.shape.length >= b.shape.length ? a.shape : b.shape;
  return view(out, [...batch.slice(0, -2), m, n]);
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm as unknown as KernelFunc,
};
