import { describe, expect, it } from 'vitest';
import { reduceSlice } from './reduce-slice.js';

describe('reduceSlice', () => {
  it('writes the weighted sum of the slots over its range, in float64 rounded once', () => {
    // Two slots of length 3; weights 17/33 and 16/33 as for a batch of 33 split 17 + 16.
    const slots = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const out = new Float32Array(3).fill(-1);
    reduceSlice(slots, 3, [17 / 33, 16 / 33], 1, 3, out);
    expect(out[0]).toBe(-1); // outside the range: left alone
    expect(out[1]).toBe(Math.fround((17 * 2 + 16 * 5) / 33));
    expect(out[2]).toBe(Math.fround((17 * 3 + 16 * 6) / 33));
  });

  it('returns one slot unchanged at weight 1 and ignores slots of weight 0, even NaN ones', () => {
    const values = Float32Array.from([0.1, -0, 1e30, Number.NaN, Number.NaN, Number.NaN]);
    const out = new Float32Array(3);
    reduceSlice(values, 3, [1, 0], 0, 3, out);
    expect(Array.from(out)).toEqual(Array.from(values.subarray(0, 3)));
    expect(Object.is(out[1], -0)).toBe(true);
  });

  it('gives every element the same sum whichever worker reduces it', () => {
    const slots = Float32Array.from({ length: 4 * 10 }, (_, i) => Math.sin(i) * 10 ** (i % 7));
    const weights = [0.3, 0.2, 0.25, 0.25];
    const whole = new Float32Array(10);
    reduceSlice(slots, 10, weights, 0, 10, whole);
    const pieces = new Float32Array(10);
    for (const [from, to] of [
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 10],
    ] as const)
      reduceSlice(slots, 10, weights, from, to, pieces);
    expect(Array.from(pieces)).toEqual(Array.from(whole));
  });
});
