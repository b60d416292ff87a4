// MaxPoolGrad: routes each output gradient to its window's first maximum.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

import { addOne } from './runs';

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
