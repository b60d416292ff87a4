// im2col and col2im: the data movement around the GEMMs of Conv2DBackpropFilter and
// Conv2DBackpropInput.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

import { addRun, pixel } from './runs';

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
