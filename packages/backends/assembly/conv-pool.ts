// StrataConvPoolBackprop: the conv + max-pool gradient taken from the pooled gradient.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

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
