// Sums: column sums (Sum over leading axes) and UnsortedSegmentSum.
// @ts-nocheck: AssemblyScript types (usize, f32, v128) and builtins are not TypeScript's.

import { addRun } from './runs';

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

/** out[s] += x[i] for every row i whose id s = ids[i] lies in [0, S); rows are `inner` floats. */
export function segmentSum(x: usize, ids: usize, out: usize, rows: i32, inner: i32, S: i32): void {
  memory.fill(out, 0, (<usize>(S * inner)) << 2);
  const rowBytes = (<usize>inner) << 2;
  for (let i = 0; i < rows; i++) {
    const s = load<i32>(ids + ((<usize>i) << 2));
    if (s >= 0 && s < S) addRun(out + <usize>s * rowBytes, x + <usize>i * rowBytes, inner);
  }
}
