import { describe, expect, it } from 'vitest';
import { batchOf, bilinear, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomZoom } from './random-zoom.js';

describe('randomZoom', () => {
  const img = distinct(5, 5);

  it('zooming in (f = -0.5) reads the input at 0.5·(p - c) + c, bilinearly', () => {
    const out = run(randomZoom({ height: [-0.5, -0.5] }), { x: batchOf([img]) }).x[0]!;
    const want = img.map((row, y) =>
      row.map((_, x) => [bilinear(img, 0.5 * (x - 2) + 2, 0.5 * (y - 2) + 2)]),
    );
    expectNear(out, want, 1e-4);
    // The centre pixel stays where it is.
    expect(out[2]![2]![0]).toBeCloseTo(img[2]![2]![0]!, 5);
  });

  it('zooming out by 2 (f = 1) with nearest sampling shrinks content towards the centre, zero fill', () => {
    const out = run(randomZoom({ height: [1, 1], interpolation: 'nearest' }), { x: batchOf([img]) }).x[0]!;
    // Output p reads input 2·(p - 2) + 2 = 2p - 2 in each direction.
    const want = img.map((row, y) => row.map((_, x) => [img[2 * y - 2]?.[2 * x - 2]?.[0] ?? 0]));
    expect(out).toEqual(want);
  });

  it('a separate width range zooms each axis on its own', () => {
    const out = run(randomZoom({ height: [0, 0], width: [1, 1], interpolation: 'nearest' }), {
      x: batchOf([img]),
    }).x[0]!;
    expect(out).toEqual(img.map((row) => row.map((_, x) => [row[2 * x - 2]?.[0] ?? 0])));
    expectNoLeak(randomZoom({ height: 0.2 }), { x: batchOf([img, img]) });
  });
});
