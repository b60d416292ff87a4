import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomShear } from './random-shear.js';

describe('randomShear', () => {
  const img = distinct(5, 4);

  it('s_x = 1: output (x, y) reads input (x - (y - c_y), y), zero outside', () => {
    const out = run(randomShear({ x: [1, 1], interpolation: 'nearest' }), { x: batchOf([img]) }).x[0]!;
    expect(out).toEqual(img.map((row, y) => row.map((_, x) => [row[x - (y - 2)]?.[0] ?? 0])));
  });

  it('s_y = -1: output (x, y) reads input (x, y + (x - c_x)) with c_x = 1.5, bilinearly', () => {
    const out = run(randomShear({ y: [-1, -1] }), { x: batchOf([img]) }).x[0]!;
    const at = (r: number, c: number) => img[r]?.[c]?.[0] ?? 0;
    for (const [y, row] of img.entries()) {
      for (const x of row.keys()) {
        const sy = y + (x - 1.5);
        const y0 = Math.floor(sy);
        const want = at(y0, x) * (1 - (sy - y0)) + at(y0 + 1, x) * (sy - y0);
        expect(out[y]![x]![0]).toBeCloseTo(want, 4);
      }
    }
    expectNoLeak(randomShear({ x: 0.3, y: 0.3 }), { x: batchOf([img]) });
  });
});
