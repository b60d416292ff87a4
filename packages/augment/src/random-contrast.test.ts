import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomContrast } from './random-contrast.js';

describe('randomContrast', () => {
  const img = distinct(2, 2, 2).map((r) => r.map((p) => p.map((v) => v / 10)));
  /** Per-channel mean over the image, by hand. */
  const mean = (c: number) => img.flat().reduce((s, p) => s + p[c]!, 0) / 4;

  it('scales the distance from each channel mean by one c per image, then clips to the value range', () => {
    // [lower, upper] = [0.5, 0] draws c from [0.5, 1]; [0, 3] from [1, 4].
    for (const [factor, lo, hi] of [
      [[0.5, 0], 0.5, 1],
      [[0, 3], 1, 4],
    ] as const) {
      const out = run(randomContrast({ factor }), { x: batchOf([img]) }).x[0]!;
      // c from a pixel near the mean (0.5 vs 0.4: never clipped for c ≤ 4), then every pixel by hand.
      const c = (out[1]![0]![0]! - mean(0)) / (img[1]![0]![0]! - mean(0));
      expect(c).toBeGreaterThanOrEqual(lo - 1e-5);
      expect(c).toBeLessThanOrEqual(hi + 1e-5);
      const want = img.map((r) =>
        r.map((p) => p.map((v, k) => Math.min(Math.max((v - mean(k)) * c + mean(k), 0), 1))),
      );
      expectNear(out, want, 1e-5);
    }
  });

  it('keeps each channel mean, with a factor per sample in [1 - f, 1 + f]', () => {
    const x = batchOf(Array.from({ length: 8 }, () => img));
    const out = run(randomContrast({ factor: 0.3, valueRange: [-10, 10] }), { x }).x;
    const factors = out.map((s) => (s[0]![0]![0]! - mean(0)) / (img[0]![0]![0]! - mean(0)));
    for (const f of factors) {
      expect(f).toBeGreaterThanOrEqual(0.7 - 1e-5);
      expect(f).toBeLessThanOrEqual(1.3 + 1e-5);
    }
    expect(new Set(factors.map((f) => f.toFixed(5))).size).toBe(8);
    expectNoLeak(randomContrast({ factor: 0.3 }), { x });
  });
});
