import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomTranslation } from './random-translation.js';

describe('randomTranslation', () => {
  const img = distinct(4, 5);

  it('a shift of (+2, −1) moves content 2 columns right and 1 row up, with zero fill', () => {
    // out[r][c] = in[r + 1][c - 2], 0 where that is outside.
    const want = img.map((row, r) => row.map((_, c) => [img[r + 1]?.[c - 2]?.[0] ?? 0]));
    const shift = randomTranslation({ width: [2 / 5, 2 / 5], height: [-1 / 4, -1 / 4] });
    expectNear(run(shift, { x: batchOf([img]) }).x, [want], 1e-5);
    const nearest = randomTranslation({
      width: [2 / 5, 2 / 5],
      height: [-1 / 4, -1 / 4],
      interpolation: 'nearest',
    });
    expectNear(run(nearest, { x: batchOf([img]) }).x, [want], 0);
  });

  it('a half-pixel shift right averages neighbouring columns (bilinear)', () => {
    const shift = randomTranslation({ width: [0.5 / 5, 0.5 / 5] });
    const want = img.map((row) => row.map((_, c) => [((row[c - 1]?.[0] ?? 0) + row[c]![0]!) / 2]));
    expectNear(run(shift, { x: batchOf([img]) }).x, [want], 1e-5);
  });

  it('draws one shift per sample, integer shifts staying within the range', () => {
    const x = batchOf(Array.from({ length: 16 }, () => img));
    const shift = randomTranslation({ width: 0.4, height: 0.5, interpolation: 'nearest' });
    const out = run(shift, { x }).x;
    const distinctOutputs = new Set(out.map((s) => JSON.stringify(s)));
    expect(distinctOutputs.size).toBeGreaterThan(4);
    // Each output is the image moved by some whole (dx, dy) with |dx| ≤ 2, |dy| ≤ 2 (nearest sampling).
    for (const s of out) {
      const match = [-2, -1, 0, 1, 2].some((dx) =>
        [-2, -1, 0, 1, 2].some((dy) =>
          s.every((row, r) => row.every((v, c) => v[0] === (img[r - dy]?.[c - dx]?.[0] ?? 0))),
        ),
      );
      expect(match).toBe(true);
    }
    expectNoLeak(shift, { x });
    x.dispose();
  });

  it('refuses a factor beyond 1', () => {
    expect(() => randomTranslation({ width: 2 })).toThrow(/randomTranslation\(\{width\}\)/);
  });
});
