// The two depthwise convolution gradients (no GEMM in a per-channel correlation).
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

import { addOne, mulAddRun, pixel } from './runs';

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
