import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomCrop } from './random-crop.js';

describe('randomCrop', () => {
  const img = distinct(3, 3);
  /** The zero-padded image's window at (top, left), by hand. */
  const windowAt = (top: number, left: number, p: number, size: number) =>
    Array.from({ length: size }, (_, r) =>
      Array.from({ length: size }, (_, c) => [img[top + r - p]?.[left + c - p]?.[0] ?? 0]),
    );

  it('cuts an exact window of the padded image, each offset uniformly likely', () => {
    const n = 360;
    const out = run(randomCrop({ height: 3, width: 3, padding: 1 }), {
      x: batchOf(Array.from({ length: n }, () => img)),
    }).x;
    const counts = new Map<string, number>();
    for (const s of out) {
      const hit = [0, 1, 2]
        .flatMap((t) => [0, 1, 2].map((l) => [t, l] as const))
        .find(([t, l]) => JSON.stringify(windowAt(t, l, 1, 3)) === JSON.stringify(s));
      expect(hit).toBeDefined();
      counts.set(hit!.join(), (counts.get(hit!.join()) ?? 0) + 1);
    }
    // 9 offsets, 40 expected each: all occur, none far off (a loose 5-sigma band).
    expect(counts.size).toBe(9);
    for (const c of counts.values()) expect(Math.abs(c - 40)).toBeLessThan(5 * Math.sqrt(40));
  });

  it('crops smaller than the image without padding, and refuses a crop that cannot fit', () => {
    const out = run(randomCrop({ height: 2, width: 1 }), { x: batchOf([img]) }).x[0]!;
    const fits = [0, 1].some((t) =>
      [0, 1, 2].some((l) => JSON.stringify(out) === JSON.stringify([[img[t]![l]!], [img[t + 1]![l]!]])),
    );
    expect(fits).toBe(true);
    expect(() => run(randomCrop({ height: 6, width: 3, padding: 1 }), { x: batchOf([img]) })).toThrow(
      /6×3 crop does not fit/,
    );
    expectNoLeak(randomCrop({ height: 3, width: 3, padding: 2 }), { x: batchOf([img]) });
  });
});
