import { describe, expect, it } from 'vitest';
import { batchOf, bilinear, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomRotation } from './random-rotation.js';
import { rot90 } from './rot90.js';

describe('randomRotation', () => {
  it('a quarter turn equals rot90 (counter-clockwise) on odd and even square images; -¼ equals k = 3', () => {
    for (const n of [3, 4]) {
      const x = batchOf([distinct(n, n)]);
      expectNear(run(randomRotation({ factor: [0.25, 0.25] }), { x }).x, run(rot90(), { x }).x, 1e-4);
      expectNear(
        run(randomRotation({ factor: [-0.25, -0.25] }), { x }).x,
        run(rot90({ k: 3 }), { x }).x,
        1e-4,
      );
      expectNear(run(randomRotation({ factor: [0.5, 0.5] }), { x }).x, run(rot90({ k: 2 }), { x }).x, 1e-4);
      x.dispose();
    }
  });

  it('45° samples bilinearly at R·(p - c) + c, zero outside', () => {
    const img = distinct(5, 5);
    const out = run(randomRotation({ factor: [1 / 8, 1 / 8] }), { x: batchOf([img]) }).x[0]!;
    const s = Math.SQRT1_2;
    // Output (x, y) reads the input at (c + s(x - c) - s(y - c), c + s(x - c) + s(y - c)), c = 2.
    const want = img.map((row, y) =>
      row.map((_, x) => [bilinear(img, 2 + s * (x - 2) - s * (y - 2), 2 + s * (x - 2) + s * (y - 2))]),
    );
    expectNear(out, want, 1e-4);
    // Far corners read wholly outside the image: the top-left output reads (2, 2 - 2√2) → zero fill
    // for its two upper neighbours, a partial value from row 0 — as the hand bilinear above says.
  });

  it('draws one angle per sample and leaks nothing', () => {
    const x = batchOf(Array.from({ length: 8 }, () => distinct(4, 4)));
    const aug = randomRotation({ factor: 0.2 });
    const out = run(aug, { x }).x;
    expect(new Set(out.map((s) => JSON.stringify(s))).size).toBe(8);
    expectNoLeak(aug, { x });
    x.dispose();
  });
});
