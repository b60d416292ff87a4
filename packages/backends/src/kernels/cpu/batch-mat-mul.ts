import {
  BatchMatMul,
  type BatchMatMulAttrs,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpuBackend, type CpuBackend, floats, runStockCpu } from './cpu-backend.js';

/** What the fused kernel applies to each output value once its row of the product is complete. */
export interface MatMulEpilogue {
  /** One value per output column, or null. */
  bias: Float64Array | null;
  relu: boolean;
}

/**
 * The operands as tfjs-backend-cpu 4.22's BatchMatMul sees them (a stack of `batch` [M, K] · [K, N]
 * products, operand batch index `i % batchA` / `i % batchB`), or null where that view is not the
 * whole story: mismatched inner sizes (the stock kernel throws its own error) and batch dimensions
 * broadcast other than one operand having batch 1 or both the same batch, where the modulo
 * indexing of the stock kernel would not follow tfjs's broadcasting rules.
 */
function plan(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean) {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const M = a.shape[transposeA ? ra - 1 : ra - 2] as number;
  const K = a.shape[transposeA ? ra - 2 : ra - 1] as number;
  const kb = b.shape[transposeB ? rb - 1 : rb - 2] as number;
  const N = b.shape[transposeB ? rb - 2 : rb - 1] as number;
  if (K !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  const batch = util.sizeFromShape(outer);
  const simple = batchA === batchB || batchA === 1 || batchB === 1;
  if (!simple || batch !== Math.max(batchA, batchB)) return null;
  return { M, K, N, batch, batchA, batchB, outShape: [...outer, M, N] };
}

/**
 * acc[q·N + j] += Σ_{k0 ≤ k < k1} a[q, k]·b[k, j], in increasing k, for the eight rows of `a` from
 * `a0` (row stride `sM`, column stride `sK`, so a transposed `a` is read in place) and a row-major
 * [K, N] `b` from `b0`. Each pass takes eight k and is an axpy of eight b rows into eight
 * accumulator rows: the innermost loop walks contiguous columns, each b value loaded serves eight
 * rows and each accumulator load/store eight products, and the 64 values of `a` stay in registers
 * or stack slots for the whole row, where tfjs-backend-cpu reads b with stride N in its innermost
 * loop, one product per load of each operand. Each row's products are added one at a time in k
 * order (no reassociation: the sums are tfjs's own, bit for bit), and the eight rows are eight
 * independent chains of additions, so the order costs nothing measurable. 8×8 was the fastest
 * blocking tried (rows × k, plain Node 20, the benchmark MLP's [64, 784] · [784, 256], one block of
 * k): 4×4 4.8 ms, 4×8 4.0 ms, 8×4 3.9 ms, 8×8 3.4 ms; 16×8 gained 10% more for twice the code.
 * Rounding into float32 every 48 k as tfjs does costs ~15% on top.
 */
function rows8(
  av: Float32Array,
  a0: number,
  sM: number,
  sK: number,
  bv: Float32Array,
  b0: number,
  k0: number,
  k1: number,
  N: number,
  acc: Float64Array,
): void {
  const r0 = a0;
  const r1 = a0 + sM;
  const r2 = a0 + 2 * sM;
  const r3 = a0 + 3 * sM;
  const r4 = a0 + 4 * sM;
  const r5 = a0 + 5 * sM;
  const r6 = a0 + 6 * sM;
  const r7 = a0 + 7 * sM;
  const o1 = N;
  const o2 = 2 * N;
  const o3 = 3 * N;
  const o4 = 4 * N;
  const o5 = 5 * N;
  const o6 = 6 * N;
  const o7 = 7 * N;
  let k = k0;
  for (; k + 7 < k1; k += 8) {
    const c0 = k * sK;
    const c1 = c0 + sK;
    const c2 = c1 + sK;
    const c3 = c2 + sK;
    const c4 = c3 + sK;
    const c5 = c4 + sK;
    const c6 = c5 + sK;
    const c7 = c6 + sK;
    const a00 = av[r0 + c0] as number;
    const a01 = av[r0 + c1] as number;
    const a02 = av[r0 + c2] as number;
    const a03 = av[r0 + c3] as number;
    const a04 = av[r0 + c4] as number;
    const a05 = av[r0 + c5] as number;
    const a06 = av[r0 + c6] as number;
    const a07 = av[r0 + c7] as number;
    const a10 = av[r1 + c0] as number;
    const a11 = av[r1 + c1] as number;
    const a12 = av[r1 + c2] as number;
    const a13 = av[r1 + c3] as number;
    const a14 = av[r1 + c4] as number;
    const a15 = av[r1 + c5] as number;
    const a16 = av[r1 + c6] as number;
    const a17 = av[r1 + c7] as number;
    const a20 = av[r2 + c0] as number;
    const a21 = av[r2 + c1] as number;
    const a22 = av[r2 + c2] as number;
    const a23 = av[r2 + c3] as number;
    const a24 = av[r2 + c4] as number;
    const a25 = av[r2 + c5] as number;
    const a26 = av[r2 + c6] as number;
    const a27 = av[r2 + c7] as number;
    const a30 = av[r3 + c0] as number;
    const a31 = av[r3 + c1] as number;
    const a32 = av[r3 + c2] as number;
    const a33 = av[r3 + c3] as number;
    const a34 = av[r3 + c4] as number;
    const a35 = av[r3 + c5] as number;
    const a36 = av[r3 + c6] as number;
    const a37 = av[r3 + c7] as number;
    const a40 = av[r4 + c0] as number;
    const a41 = av[r4 + c1] as number;
    const a42 = av[r4 + c2] as number;
    const a43 = av[r4 + c3] as number;
    const a44 = av[r4 + c4] as number;
    const a45 = av[r4 + c5] as number;
    const a46 = av[r4 + c6] as number;
    const a47 = av[r4 + c7] as number;
    const a50 = av[r5 + c0] as number;
    const a51 = av[r5 + c1] as number;
    const a52 = av[r5 + c2] as number;
    const a53 = av[r5 + c3] as number;
    const a54 = av[r5 + c4] as number;
    const a55 = av[r5 + c5] as number;
    const a56 = av[r5 + c6] as number;
    const a57 = av[r5 + c7] as number;
    const a60 = av[r6 + c0] as number;
    const a61 = av[r6 + c1] as number;
    const a62 = av[r6 + c2] as number;
    const a63 = av[r6 + c3] as number;
    const a64 = av[r6 + c4] as number;
    const a65 = av[r6 + c5] as number;
    const a66 = av[r6 + c6] as number;
    const a67 = av[r6 + c7] as number;
    const a70 = av[r7 + c0] as number;
    const a71 = av[r7 + c1] as number;
    const a72 = av[r7 + c2] as number;
    const a73 = av[r7 + c3] as number;
    const a74 = av[r7 + c4] as number;
    const a75 = av[r7 + c5] as number;
    const a76 = av[r7 + c6] as number;
    const a77 = av[r7 + c7] as number;
    const w0 = b0 + k * N;
    const w1 = w0 + N;
    const w2 = w1 + N;
    const w3 = w2 + N;
    const w4 = w3 + N;
    const w5 = w4 + N;
    const w6 = w5 + N;
    const w7 = w6 + N;
    for (let j = 0; j < N; j++) {
      const b0 = bv[w0 + j] as number;
      const b1 = bv[w1 + j] as number;
      const b2 = bv[w2 + j] as number;
      const b3 = bv[w3 + j] as number;
      const b4 = bv[w4 + j] as number;
      const b5 = bv[w5 + j] as number;
      const b6 = bv[w6 + j] as number;
      const b7 = bv[w7 + j] as number;
      acc[j] =
        (acc[j] as number) +
        a00 * b0 +
        a01 * b1 +
        a02 * b2 +
        a03 * b3 +
        a04 * b4 +
        a05 * b5 +
        a06 * b6 +
        a07 * b7;
      acc[o1 + j] =
        (acc[o1 + j] as number) +
        a10 * b0 +
        a11 * b1 +
        a12 * b2 +
        a13 * b3 +
        a14 * b4 +
        a15 * b5 +
        a16 * b6 +
        a17 * b7;
      acc[o2 + j] =
        (acc[o2 + j] as number) +
        a20 * b0 +
        a21 * b1 +
        a22 * b2 +
        a23 * b3 +
        a24 * b4 +
        a25 * b5 +
        a26 * b6 +
        a27 * b7;
      acc[o3 + j] =
        (acc[o3 + j] as number) +
        a30 * b0 +
        a31 * b1 +
        a32 * b2 +
        a33 * b3 +
        a34 * b4 +
        a35 * b5 +
        a36 * b6 +
        a37 * b7;
      acc[o4 + j] =
        (acc[o4 + j] as number) +
        a40 * b0 +
        a41 * b1 +
        a42 * b2 +
        a43 * b3 +
        a44 * b4 +
        a45 * b5 +
        a46 * b6 +
        a47 * b7;
      acc[o5 + j] =
        (acc[o5 + j] as number) +
        a50 * b0 +
        a51 * b1 +
        a52 * b2 +
        a53 * b3 +
        a54 * b4 +
        a55 * b5 +
        a56 * b6 +
        a57 * b7;
      acc[o6 + j] =
        (acc[o6 + j] as number) +
        a60 * b0 +
        a61 * b1 +
        a62 * b2 +
        a63 * b3 +
        a64 * b4 +
        a65 * b5 +
        a66 * b6 +
        a67 * b7;
      acc[o7 + j] =
        (acc[o7 + j] as number) +
        a70 * b0 +
        a71 * b1 +
        a72 * b2 +
        a73 * b3 +
        a74 * b4 +
        a75 * b5 +
        a76 * b6 +
        a77 * b7;
    }
  }
  for (; k < k1; k++) {
    const c = k * sK;
    const x0 = av[r0 + c] as number;
    const x1 = av[r1 + c] as number;
    const x2 = av[r2 + c] as number;
    const x3 = av[r3 + c] as number;
    const x4 = av[r4 + c] as number;
    const x5 = av[r5 + c] as number;
    const x6 = av[r6 + c] as number;
    const x7 = av[r7 + c] as number;
    const w = b0 + k * N;
    for (let j = 0; j < N; j++) {
      const bj = bv[w + j] as number;
      acc[j] = (acc[j] as number) + x0 * bj;
      acc[o1 + j] = (acc[o1 + j] as number) + x1 * bj;
      acc[o2 + j] = (acc[o2 + j] as number) + x2 * bj;
      acc[o3 + j] = (acc[o3 + j] as number) + x3 * bj;
      acc[o4 + j] = (acc[o4 + j] as number) + x4 * bj;
      acc[o5 + j] = (acc[o5 + j] as number) + x5 * bj;
      acc[o6 + j] = (acc[o6 + j] as number) + x6 * bj;
      acc[o7 + j] = (acc[o7 + j] as number) + x7 * bj;
    }
  }
}

/** acc[j] += Σ_{k0 ≤ k < k1} a[row, k]·b[k, j] in increasing k, for one row (those left over after the blocks of eight). */
function row1(
  av: Float32Array,
  r: number,
  sK: number,
  bv: Float32Array,
  b0: number,
  k0: number,
  k1: number,
  N: number,
  acc: Float64Array,
): void {
  let k = k0;
  for (; k + 7 < k1; k += 8) {
    const c = r + k * sK;
    const x0 = av[c] as number;
    const x1 = av[c + sK] as number;
    const x2 = av[c + 2 * sK] as number;
    const x3 = av[c + 3 * sK] as number;
    const x4 = av[c + 4 * sK] as number;
    const x5 = av[c + 5 * sK] as number;
    const x6 = av[c + 6 * sK] as number;
    const x7 = av[c + 7 * sK] as number;
    const w0 = b0 + k * N;
    const w1 = w0 + N;
    const w2 = w1 + N;
    const w3 = w2 + N;
    const w4 = w3 + N;
    const w5 = w4 + N;
    const w6 = w5 + N;
    const w7 = w6 + N;
    for (let j = 0; j < N; j++) {
      acc[j] =
        (acc[j] as number) +
        x0 * (bv[w0 + j] as number) +
        x1 * (bv[w1 + j] as number) +
        x2 * (bv[w2 + j] as number) +
        x3 * (bv[w3 + j] as number) +
        x4 * (bv[w4 + j] as number) +
        x5 * (bv[w5 + j] as number) +
        x6 * (bv[w6 + j] as number) +
        x7 * (bv[w7 + j] as number);
    }
  }
  for (; k < k1; k++) {
    const x = av[r + k * sK] as number;
    const w = b0 + k * N;
    for (let j = 0; j < N; j++) acc[j] = (acc[j] as number) + x * (bv[w + j] as number);
  }
}

/** [K, N] row-major copy of the [N, K] matrix at `bv[b0 …]`, written into `into`. */
function transposeInto(bv: Float32Array, b0: number, N: number, K: number, into: Float32Array): void {
  for (let j = 0; j < N; j++) {
    const src = b0 + j * K;
    for (let k = 0; k < K; k++) into[k * N + j] = bv[src + k] as number;
  }
}

/**
 * The float32 product of `a` and `b` (optionally transposed, batch dimensions broadcast as
 * tfjs-backend-cpu does) with the epilogue (bias, relu) applied to each row once it is complete, or
 * null where the operands are not float32 or the shapes need the stock kernel (see {@link plan}).
 *
 * The arithmetic is tfjs-backend-cpu 4.22's, so the result is the stock kernel's bit for bit (a
 * training run gives the same numbers with or without these kernels, and in a worker that has
 * them and a thread that has not): each output sums its products in float64 in increasing k over
 * blocks of the backend's `blockSize` (48) k and adds each block's sum into its float32 value; the
 * bias is added to the rounded product and rounded again, as the stock Add kernel does, and relu
 * is `Math.max(0, ·)` as the stock Relu. Only the loop order differs (see {@link rows8}). A
 * transposed `b` is first copied to row-major [K, N] so the innermost loop is contiguous (K·N
 * copies against M·K·N products); a transposed `a` is read in place, each value once per pass.
 */
export function multiply(
  backend: CpuBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  { bias, relu }: MatMulEpilogue,
  label: string,
): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const p = plan(a, b, transposeA, transposeB);
  if (p === null) return null;
  const { M, K, N, batch, batchA, batchB } = p;
  const block = backend.blockSize ?? 48;
  const av = floats(backend, a, label);
  const bv = floats(backend, b, label);
  const out = new Float32Array(batch * M * N);
  const acc = new Float64Array(8 * N);
  const sM = transposeA ? 1 : K;
  const sK = transposeA ? M : 1;
  const scratch = transposeB ? new Float32Array(K * N) : bv;
  let transposed = -1;
  for (let bi = 0; bi < batch; bi++) {
    const ia = bi % batchA;
    const ib = bi % batchB;
    let b0 = ib * K * N;
    if (transposeB) {
      if (transposed !== ib) transposeInto(bv, b0, N, K, scratch);
      transposed = ib;
      b0 = 0;
    }
    const a0 = ia * M * K;
    for (let i = 0; i < M; ) {
      const rows = i + 7 < M ? 8 : 1;
      const o = (bi * M + i) * N;
      const size = rows * N;
      for (let k0 = 0; k0 < K; k0 += block) {
        const k1 = Math.min(K, k0 + block);
        if (rows === 8) rows8(av, a0 + i * sM, sM, sK, scratch, b0, k0, k1, N, acc);
        else row1(av, a0 + i * sM, sK, scratch, b0, k0, k1, N, acc);
        // The float32 store rounds, as tfjs's `resVals[…] += sum`; acc is zero again for the next block.
        for (let q = 0; q < size; q++) {
          out[o + q] = (out[o + q] as number) + (acc[q] as number);
          acc[q] = 0;
        }
      }
      if (bias !== null || relu) {
        for (let at = o; at < o + size; at += N) {
          for (let j = 0; j < N; j++) {
            let v = out[at + j] as number;
            if (bias !== null) v += bias[j] as number;
            // Rounding to float32 once, after relu, is the same as rounding between the two
            // (rounding is monotonic); Math.max as tfjs's Relu: NaN stays NaN, -0 becomes 0.
            out[at + j] = relu ? Math.max(0, v) : v;
          }
        }
      }
      i += rows;
    }
  }
  return backend.makeTensorInfo(p.outShape, 'float32', out);
}

const label = 'BatchMatMul (cpu)';

/**
 * Matrix products on cpu through {@link multiply} (the forward product of an unfused dense layer and
 * both products of its gradient, dy·Wᵀ and xᵀ·dy): 34 ms against 4.3 ms here for the benchmark
 * MLP's 784→256 layer at batch 64 (README), with the stock kernel's values bit for bit. Other dtypes and broadcasts go to tfjs-backend-cpu's kernel.
 */
export function batchMatMulCpu(args: {
  inputs: { a: TensorInfo; b: TensorInfo };
  attrs: BatchMatMulAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = args.attrs;
  const none = { bias: null, relu: false };
  return (
    multiply(backend, a, b, transposeA, transposeB, none, label) ??
    runStockCpu(backend, BatchMatMul, { a, b }, args.attrs as never)
  );
}

export const batchMatMulCpuConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'cpu',
  kernelFunc: batchMatMulCpu as unknown as KernelFunc,
};
