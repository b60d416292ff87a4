// GEMM patchesᵀ · dy for Conv2DBackpropFilter.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

/**
 * out[i, j] = Σ_k a[k, i] · b[k, j] for i < M, j < N, k < K (a: [K, lda], b: [K, ldb], out: [M, N],
 * all row-major): the "Aᵀ·B" product of a filter gradient, patchesᵀ · dy. XNNPACK would first pack
 * b (dy, several MB) on every call; here both operands are read in place, K in blocks of KB rows so
 * that a block of each stays in cache, with a 4×8 register tile (8 SIMD accumulators).
 */
export function gemmTN(a: usize, b: usize, out: usize, K: i32, M: i32, N: i32, lda: i32, ldb: i32): void {
  memory.fill(out, 0, (<usize>(M * N)) << 2);
  const KB = 256;
  const aRow = (<usize>lda) << 2;
  const bRow = (<usize>ldb) << 2;
  for (let k0 = 0; k0 < K; k0 += KB) {
    const k1 = min(K, k0 + KB);
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      for (; i + 4 <= M; i += 4) {
        let j = 0;
        for (; j + 8 <= N; j += 8) {
          const o0 = out + ((<usize>(i * N + j)) << 2);
          const o1 = o0 + ((<usize>N) << 2);
          const o2 = o1 + ((<usize>N) << 2);
          const o3 = o2 + ((<usize>N) << 2);
          let c00 = v128.load(o0);
          let c01 = v128.load(o0 + 16);
          let c10 = v128.load(o1);
          let c11 = v128.load(o1 + 16);
          let c20 = v128.load(o2);
          let c21 = v128.load(o2 + 16);
          let c30 = v128.load(o3);
          let c31 = v128.load(o3 + 16);
          let ap = a + <usize>k0 * aRow + ((<usize>i) << 2);
          let bp = b + <usize>k0 * bRow + ((<usize>j) << 2);
          for (let k = k0; k < k1; k++) {
            const b0 = v128.load(bp);
            const b1 = v128.load(bp + 16);
            const a0 = v128.load32_splat(ap);
            const a1 = v128.load32_splat(ap + 4);
            const a2 = v128.load32_splat(ap + 8);
            const a3 = v128.load32_splat(ap + 12);
            c00 = f32x4.add(c00, f32x4.mul(a0, b0));
            c01 = f32x4.add(c01, f32x4.mul(a0, b1));
            c10 = f32x4.add(c10, f32x4.mul(a1, b0));
            c11 = f32x4.add(c11, f32x4.mul(a1, b1));
            c20 = f32x4.add(c20, f32x4.mul(a2, b0));
            c21 = f32x4.add(c21, f32x4.mul(a2, b1));
            c30 = f32x4.add(c30, f32x4.mul(a3, b0));
            c31 = f32x4.add(c31, f32x4.mul(a3, b1));
            ap += aRow;
            bp += bRow;
          }
          v128.store(o0, c00);
          v128.store(o0 + 16, c01);
          v128.store(o1, c10);
          v128.store(o1 + 16, c11);
          v128.store(o2, c20);
          v128.store(o2 + 16, c21);
          v128.store(o3, c30);
          v128.store(o3 + 16, c31);
        }
        for (; j < N; j++) {
          for (let ii = i; ii < i + 4; ii++) gemmTNOne(a, b, out, k0, k1, ii, j, N, aRow, bRow);
        }
      }
      // The last M % 4 rows one at a time, still 8 columns per SIMD pair: a 3×3 filter over one
      // input channel has M = 9 taps, and leaving its 9th row to the scalar loop below cost as much
      // as the other eight.
      for (; i < M; i++) {
        let j = 0;
        for (; j + 8 <= N; j += 8) {
          const o = out + ((<usize>(i * N + j)) << 2);
          let c0 = v128.load(o);
          let c1 = v128.load(o + 16);
          let ap = a + <usize>k0 * aRow + ((<usize>i) << 2);
          let bp = b + <usize>k0 * bRow + ((<usize>j) << 2);
          for (let k = k0; k < k1; k++) {
            const a0 = v128.load32_splat(ap);
            c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(bp)));
            c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(bp + 16)));
            ap += aRow;
            bp += bRow;
          }
          v128.store(o, c0);
          v128.store(o + 16, c1);
        }
        for (; j < N; j++) gemmTNOne(a, b, out, k0, k1, i, j, N, aRow, bRow);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) gemmTNOne(a, b, out, k0, k1, i, j, N, aRow, bRow);
    }
  }
}

function gemmTNOne(
  a: usize,
  b: usize,
  out: usize,
  k0: i32,
  k1: i32,
  i: i32,
  j: i32,
  N: i32,
  aRow: usize,
  bRow: usize,
): void {
  let s: f32 = 0;
  let ap = a + <usize>k0 * aRow + ((<usize>i) << 2);
  let bp = b + <usize>k0 * bRow + ((<usize>j) << 2);
  for (let k = k0; k < k1; k++) {
    s += load<f32>(ap) * load<f32>(bp);
    ap += aRow;
    bp += bRow;
  }
  const o = out + ((<usize>(i * N + j)) << 2);
  store<f32>(o, load<f32>(o) + s);
}
