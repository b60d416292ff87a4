// AssemblyScript source of the helper module that Strata's wasm training kernels call (see
// src/kernels/README section in the package README). It imports the tfjs wasm backend's own
// memory, so every pointer below is a byte offset of a tensor the backend already holds: no copies
// in or out. The arithmetic-heavy part of each gradient stays in XNNPACK (through the backend's
// BatchMatMul); these loops only move data (im2col, col2im) or do what a GEMM cannot (max-pool
// routing, depthwise products, segment sums). `ASC_FEATURE_SIMD` is a compile-time constant, so
// the same source builds a SIMD binary and a scalar one for runtimes without WebAssembly SIMD.
// Build: `node scripts/build-wasm.mjs` (writes src/kernels/helper-binaries.ts).
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

/** d[i] += s[i] for `n` floats. */
function addRun(d: usize, s: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
  }
}

/** d[i] += a[i] * b[i] for `n` floats. */
function mulAddRun(d: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), f32x4.mul(v128.load(a + o), v128.load(b + o))));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(d + o) + load<f32>(a + o) * load<f32>(b + o));
  }
}

function pixel(base: usize, n: i32, h: i32, w: i32, H: i32, W: i32, C: i32): usize {
  return base + ((<usize>((n * H + h) * W + w) * <usize>C) << 2);
}

/**
 * Patches of `x` [N,H,W,C] as rows of `p` [mCount, KH*KW*C]: rows m0 .. m0+mCount-1 of the full
 * patch matrix (row order n,oh,ow; column order kh,kw,c, matching a [KH,KW,C,CO] filter). Taps that
 * fall in the padding are zero.
 */
export function im2col(
  x: usize,
  p: usize,
  m0: i32,
  mCount: i32,
  _N: i32,
  H: i32,
  W: i32,
  C: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  pt: i32,
  pl: i32,
): void {
  const cb = (<usize>C) << 2;
  const rowBytes = (<usize>(KW * C)) << 2;
  let dst = p;
  for (let m = m0; m < m0 + mCount; m++) {
    const ow = m % OW;
    const oh = (m / OW) % OH;
    const n = m / (OW * OH);
    const iw0 = ow * sw - pl;
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + KW <= W;
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh + kh * dh - pt;
      if (ih < 0 || ih >= H) {
        memory.fill(dst, 0, rowBytes);
        dst += rowBytes;
      } else if (contiguous) {
        memory.copy(dst, pixel(x, n, ih, iw0, H, W, C), rowBytes);
        dst += rowBytes;
      } else {
        for (let kw = 0; kw < KW; kw++) {
          const iw = iw0 + kw * dw;
          if (iw < 0 || iw >= W) memory.fill(dst, 0, cb);
          else memory.copy(dst, pixel(x, n, ih, iw, H, W, C), cb);
          dst += cb;
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds rows m0 .. m0+mCount-1 of the column matrix (`cols`, [mCount,
 * KH*KW*C]) onto the input pixels they were read from in `dx` [N,H,W,C] (which the caller zeroes).
 */
export function col2im(
  cols: usize,
  dx: usize,
  m0: i32,
  mCount: i32,
  _N: i32,
  H: i32,
  W: i32,
  C: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  pt: i32,
  pl: i32,
): void {
  const cb = (<usize>C) << 2;
  const rowBytes = (<usize>(KW * C)) << 2;
  let src = cols;
  for (let m = m0; m < m0 + mCount; m++) {
    const ow = m % OW;
    const oh = (m / OW) % OH;
    const n = m / (OW * OH);
    const iw0 = ow * sw - pl;
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + KW <= W;
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh + kh * dh - pt;
      if (ih < 0 || ih >= H) {
        src += rowBytes;
      } else if (contiguous) {
        addRun(pixel(dx, n, ih, iw0, H, W, C), src, KW * C);
        src += rowBytes;
      } else {
        for (let kw = 0; kw < KW; kw++) {
          const iw = iw0 + kw * dw;
          if (iw >= 0 && iw < W) addRun(pixel(dx, n, ih, iw, H, W, C), src, C);
          src += cb;
        }
      }
    }
  }
}

/**
 * Max-pool gradient: each dy value goes to the first maximum of its window (row-major scan, strict
 * `>`), as tfjs's cpu backend routes it; windows that overlap add up.
 */
export function maxPoolGrad(
  x: usize,
  dy: usize,
  dx: usize,
  N: i32,
  H: i32,
  W: i32,
  C: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  pt: i32,
  pl: i32,
): void {
  memory.fill(dx, 0, (<usize>(N * H * W * C)) << 2);
  let g = dy;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(0, oh * sh - pt);
      const h1 = min(H, oh * sh - pt + KH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(0, ow * sw - pl);
        const w1 = min(W, ow * sw - pl + KW);
        let c = 0;
        if (ASC_FEATURE_SIMD) {
          const lanes = i32x4(0, 1, 2, 3);
          for (; c + 4 <= C; c += 4) {
            let best = f32x4.splat(-Infinity);
            let idx = i32x4.splat(-1);
            for (let h = h0; h < h1; h++) {
              for (let w = w0; w < w1; w++) {
                const o = ((n * H + h) * W + w) * C + c;
                const v = v128.load(x + ((<usize>o) << 2));
                const m = f32x4.gt(v, best);
                best = v128.bitselect(v, best, m);
                idx = v128.bitselect(i32x4.add(i32x4.splat(o), lanes), idx, m);
              }
            }
            const gv = v128.load(g + ((<usize>c) << 2));
            const i0 = i32x4.extract_lane(idx, 0);
            if (i0 >= 0) addOne(dx + ((<usize>i0) << 2), f32x4.extract_lane(gv, 0));
            const i1 = i32x4.extract_lane(idx, 1);
            if (i1 >= 0) addOne(dx + ((<usize>i1) << 2), f32x4.extract_lane(gv, 1));
            const i2 = i32x4.extract_lane(idx, 2);
            if (i2 >= 0) addOne(dx + ((<usize>i2) << 2), f32x4.extract_lane(gv, 2));
            const i3 = i32x4.extract_lane(idx, 3);
            if (i3 >= 0) addOne(dx + ((<usize>i3) << 2), f32x4.extract_lane(gv, 3));
          }
        }
        for (; c < C; c++) {
          let best: f32 = -Infinity;
          let bi = -1;
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const o = ((n * H + h) * W + w) * C + c;
              const v = load<f32>(x + ((<usize>o) << 2));
              if (v > best) {
                best = v;
                bi = o;
              }
            }
          }
          if (bi >= 0) addOne(dx + ((<usize>bi) << 2), load<f32>(g + ((<usize>c) << 2)));
        }
        g += (<usize>C) << 2;
      }
    }
  }
}

function addOne(a: usize, v: f32): void {
  store<f32>(a, load<f32>(a) + v);
}

/** out[c] = sum over r of x[r, c]: a reduction over every leading axis of a row-major tensor. */
export function colSum(x: usize, out: usize, R: i32, C: i32): void {
  memory.fill(out, 0, (<usize>C) << 2);
  let s = x;
  const rowBytes = (<usize>C) << 2;
  for (let r = 0; r < R; r++) {
    addRun(out, s, C);
    s += rowBytes;
  }
}

/**
 * Depthwise filter gradient: dw[kh,kw,c,q] = sum over n,oh,ow of x[n,ih,iw,c] * dy[n,oh,ow,c*Q+q],
 * with ih = oh*sh + kh*dh - pt (and the same for widths).
 */
export function depthwiseFilterGrad(
  x: usize,
  dy: usize,
  dwOut: usize,
  N: i32,
  H: i32,
  W: i32,
  C: i32,
  Q: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  pt: i32,
  pl: i32,
): void {
  const CQ = C * Q;
  memory.fill(dwOut, 0, (<usize>(KH * KW * CQ)) << 2);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const acc = dwOut + ((<usize>((kh * KW + kw) * CQ)) << 2);
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= H) continue;
          for (let ow = 0; ow < OW; ow++) {
            const iw = ow * sw + kw * dw - pl;
            if (iw < 0 || iw >= W) continue;
            const xs = pixel(x, n, ih, iw, H, W, C);
            const gs = pixel(dy, n, oh, ow, OH, OW, CQ);
            if (Q === 1) {
              mulAddRun(acc, xs, gs, C);
            } else {
              for (let c = 0; c < C; c++) {
                const xv = load<f32>(xs + ((<usize>c) << 2));
                const base = (<usize>(c * Q)) << 2;
                for (let q = 0; q < Q; q++) {
                  const o = base + ((<usize>q) << 2);
                  store<f32>(acc + o, load<f32>(acc + o) + xv * load<f32>(gs + o));
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Depthwise input gradient: dx[n,ih,iw,c] = sum over taps and q of dy[n,oh,ow,c*Q+q] * w[kh,kw,c,q]. */
export function depthwiseInputGrad(
  dy: usize,
  f: usize,
  dx: usize,
  N: i32,
  H: i32,
  W: i32,
  C: i32,
  Q: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  pt: i32,
  pl: i32,
): void {
  const CQ = C * Q;
  memory.fill(dx, 0, (<usize>(N * H * W * C)) << 2);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const gs = pixel(dy, n, oh, ow, OH, OW, CQ);
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw * dw - pl;
            if (iw < 0 || iw >= W) continue;
            const d = pixel(dx, n, ih, iw, H, W, C);
            const fw = f + ((<usize>((kh * KW + kw) * CQ)) << 2);
            if (Q === 1) {
              mulAddRun(d, gs, fw, C);
            } else {
              for (let c = 0; c < C; c++) {
                const base = (<usize>(c * Q)) << 2;
                let s: f32 = 0;
                for (let q = 0; q < Q; q++) {
                  const o = base + ((<usize>q) << 2);
                  s += load<f32>(gs + o) * load<f32>(fw + o);
                }
                addOne(d + ((<usize>c) << 2), s);
              }
            }
          }
        }
      }
    }
  }
}

/** out[s] += x[i] for every row i whose id s = ids[i] lies in [0, S); rows are `inner` floats. */
export function segmentSum(x: usize, ids: usize, out: usize, rows: i32, inner: i32, S: i32): void {
  memory.fill(out, 0, (<usize>(S * inner)) << 2);
  const rowBytes = (<usize>inner) << 2;
  for (let i = 0; i < rows; i++) {
    const s = load<i32>(ids + ((<usize>i) << 2));
    if (s >= 0 && s < S) addRun(out + <usize>s * rowBytes, x + <usize>i * rowBytes, inner);
  }
}

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

/**
 * Adam's moments and step for `n` floats (the StrataAdamMoments kernel, see @strata/core):
 * m' = m·b1 + g·(1 − b1), v' = v·b2 + g²·(1 − b2), u = (m' / c1) / (√(v' / c2) + eps), in float32 in
 * the composite form's order. The outputs may alias nothing; the inputs are left as they are.
 */
export function adamMoments(
  g: usize,
  m: usize,
  v: usize,
  mOut: usize,
  vOut: usize,
  uOut: usize,
  n: i32,
  beta1: f64,
  beta2: f64,
  epsilon: f64,
  bias1: f64,
  bias2: f64,
): void {
  // Each constant rounded to float32 once from its double value, as tfjs does with a JS number
  // operand (so 1 − b1 is the float32 nearest 0.1, not 1 minus the float32 nearest 0.9).
  const b1 = <f32>beta1;
  const b2 = <f32>beta2;
  const a1 = <f32>(1 - beta1);
  const a2 = <f32>(1 - beta2);
  const eps = <f32>epsilon;
  const c1 = <f32>bias1;
  const c2 = <f32>bias2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vb1 = f32x4.splat(b1);
    const vb2 = f32x4.splat(b2);
    const va1 = f32x4.splat(a1);
    const va2 = f32x4.splat(a2);
    const vc1 = f32x4.splat(c1);
    const vc2 = f32x4.splat(c2);
    const veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const gi = v128.load(g + o);
      const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, va1));
      const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), va2));
      v128.store(mOut + o, mi);
      v128.store(vOut + o, vi);
      v128.store(uOut + o, f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps)));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * a1;
    const vi = load<f32>(v + o) * b2 + gi * gi * a2;
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
    store<f32>(uOut + o, mi / c1 / (Mathf.sqrt(vi / c2) + eps));
  }
}

/** d[i] += a · s[i] for `n` floats. */
function axpyRun(d: usize, s: usize, a: f32, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(a);
    for (; i + 8 <= n; i += 8) {
      const o = (<usize>i) << 2;
      const d0 = f32x4.add(v128.load(d + o), f32x4.mul(va, v128.load(s + o)));
      const d1 = f32x4.add(v128.load(d + o + 16), f32x4.mul(va, v128.load(s + o + 16)));
      v128.store(d + o, d0);
      v128.store(d + o + 16, d1);
    }
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), f32x4.mul(va, v128.load(s + o))));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(d + o) + a * load<f32>(s + o));
  }
}

/**
 * Adds g times the patch of conv output `at` (oh·OW + ow; −1: the window had no maximum) of image n
 * and channel co: to dWᵀ[co] from x (wrtInput 0), or to dx from Wᵀ[co] (wrtInput 1). A patch row
 * inside the input horizontally is one run of KW·C floats in x or dx, and so is the matching row of
 * the transposed filter: one long run instead of KW short ones.
 */
function addPatch(
  a: usize,
  out: usize,
  wrtInput: i32,
  n: i32,
  co: i32,
  at: i32,
  g: f32,
  H: i32,
  W: i32,
  C: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  pt: i32,
  pl: i32,
): void {
  if (at < 0) return;
  const bh = at / OW;
  const bw = at % OW;
  const iw0 = bw * sw - pl;
  const whole = iw0 >= 0 && iw0 + KW <= W;
  for (let kh = 0; kh < KH; kh++) {
    const ih = bh * sh - pt + kh;
    if (ih < 0 || ih >= H) continue;
    const tw = (<usize>((co * KH + kh) * KW * C)) << 2;
    if (whole) {
      const px = (<usize>((n * H + ih) * W + iw0) * <usize>C) << 2;
      if (wrtInput) axpyRun(out + px, a + tw, g, KW * C);
      else axpyRun(out + tw, a + px, g, KW * C);
      continue;
    }
    for (let kw = 0; kw < KW; kw++) {
      const iw = iw0 + kw;
      if (iw < 0 || iw >= W) continue;
      const px = (<usize>((n * H + ih) * W + iw) * <usize>C) << 2;
      const tk = tw + ((<usize>(kw * C)) << 2);
      if (wrtInput) axpyRun(out + px, a + tk, g, C);
      else axpyRun(out + tk, a + px, g, C);
    }
  }
}

/**
 * Gradient of a convolution followed by a max pool, from the gradient `g` [N,PH,PW,CO] at the pool's
 * output (the StrataConvPoolBackprop kernel, see @strata/core). Each nonzero g[n,p,co] belongs to one
 * conv output: the first maximum of its window of y [N,OH,OW,CO] (row-major scan, strict `>`, as
 * MaxPoolGrad routes it). Only those outputs carry gradient, so instead of spreading g to the full
 * conv output and running a dense product over it, each one adds its patch directly:
 *   wrtInput = 0: a = x [N,H,W,C], out = dWᵀ [CO,KH,KW,C]:  dWᵀ[co,tap,:] += g · x[pixel of tap, :]
 *   wrtInput = 1: a = Wᵀ [CO,KH,KW,C], out = dx [N,H,W,C]: dx[pixel of tap, :] += g · Wᵀ[co,tap,:]
 * Both are zeroed here. Pool windows may not overlap (the caller checks), so every conv output
 * receives at most one g. Convolution without dilation; any strides and padding.
 */
export function convPoolBackprop(
  a: usize,
  y: usize,
  g: usize,
  out: usize,
  wrtInput: i32,
  N: i32,
  H: i32,
  W: i32,
  C: i32,
  OH: i32,
  OW: i32,
  KH: i32,
  KW: i32,
  sh: i32,
  sw: i32,
  pt: i32,
  pl: i32,
  CO: i32,
  PH: i32,
  PW: i32,
  pkh: i32,
  pkw: i32,
  psh: i32,
  psw: i32,
  ppt: i32,
  ppl: i32,
): void {
  const outSize = wrtInput ? N * H * W * C : CO * KH * KW * C;
  memory.fill(out, 0, (<usize>outSize) << 2);
  const coBytes = (<usize>CO) << 2;
  let gp = g;
  for (let n = 0; n < N; n++) {
    for (let ph = 0; ph < PH; ph++) {
      const h0 = max(0, ph * psh - ppt);
      const h1 = min(OH, ph * psh - ppt + pkh);
      for (let pw = 0; pw < PW; pw++) {
        const w0 = max(0, pw * psw - ppl);
        const w1 = min(OW, pw * psw - ppl + pkw);
        const window = y + ((<usize>((n * OH + h0) * OW + w0) * <usize>CO) << 2);
        let co = 0;
        if (ASC_FEATURE_SIMD) {
          // Four channels at a time: the first maximum of each window, branch-free (windows of
          // relu outputs tie often, and a mispredicted branch per position cost more than the adds).
          for (; co + 4 <= CO; co += 4) {
            const gv = v128.load(gp + ((<usize>co) << 2));
            if (!v128.any_true(gv)) continue;
            let best = f32x4.splat(-Infinity);
            let idx = i32x4.splat(-1);
            let row = window + ((<usize>co) << 2);
            for (let h = h0; h < h1; h++) {
              let at = row;
              for (let w = w0; w < w1; w++) {
                const v = v128.load(at);
                const m = f32x4.gt(v, best);
                best = v128.bitselect(v, best, m);
                idx = v128.bitselect(i32x4.splat(h * OW + w), idx, m);
                at += coBytes;
              }
              row += <usize>OW * coBytes;
            }
            const g0 = f32x4.extract_lane(gv, 0);
            const g1 = f32x4.extract_lane(gv, 1);
            const g2 = f32x4.extract_lane(gv, 2);
            const g3 = f32x4.extract_lane(gv, 3);
            const at = i32x4.extract_lane(idx, 0);
            if (g0 !== 0) addPatch(a, out, wrtInput, n, co, at, g0, H, W, C, OW, KH, KW, sh, sw, pt, pl);
            const at1 = i32x4.extract_lane(idx, 1);
            if (g1 !== 0) addPatch(a, out, wrtInput, n, co + 1, at1, g1, H, W, C, OW, KH, KW, sh, sw, pt, pl);
            const at2 = i32x4.extract_lane(idx, 2);
            if (g2 !== 0) addPatch(a, out, wrtInput, n, co + 2, at2, g2, H, W, C, OW, KH, KW, sh, sw, pt, pl);
            const at3 = i32x4.extract_lane(idx, 3);
            if (g3 !== 0) addPatch(a, out, wrtInput, n, co + 3, at3, g3, H, W, C, OW, KH, KW, sh, sw, pt, pl);
          }
        }
        for (; co < CO; co++) {
          const gv = load<f32>(gp + ((<usize>co) << 2));
          if (gv === 0) continue;
          let best: f32 = -Infinity;
          let at = -1;
          let row = window + ((<usize>co) << 2);
          for (let h = h0; h < h1; h++) {
            let p = row;
            for (let w = w0; w < w1; w++) {
              const v = load<f32>(p);
              if (v > best) {
                best = v;
                at = h * OW + w;
              }
              p += coBytes;
            }
            row += <usize>OW * coBytes;
          }
          addPatch(a, out, wrtInput, n, co, at, gv, H, W, C, OW, KH, KW, sh, sw, pt, pl);
        }
        gp += coBytes;
      }
    }
  }
}
