import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { randomBrightness } from './random-brightness.js';

describe('randomBrightness', () => {
  const img = distinct(2, 3, 3).map((r) => r.map((p) => p.map((v) => v / 30 + 0.15)));

  it('adds one offset per image (a fraction of the value range) and clips to it', () => {
    const out = run(randomBrightness({ factor: [0.5, 0.5], valueRange: [0, 2] }), { x: batchOf([img]) })
      .x[0]!;
    expectNear(
      out,
      img.map((r) => r.map((p) => p.map((v) => Math.min(v + 1, 2)))),
      1e-6,
    );
  });

  it('draws a different offset per sample, within [-f, f]·range', () => {
    const x = batchOf(Array.from({ length: 16 }, () => img));
    const out = run(randomBrightness({ factor: 0.1 }), { x }).x;
    const deltas = out.map((s) => s[0]![0]![0]! - img[0]![0]![0]!);
    for (const [i, s] of out.entries()) {
      // Unclipped here (values 0.18 … 0.75 ± 0.1 stay inside [0, 1]): a constant offset per image.
      expectNear(
        s,
        img.map((r) => r.map((p) => p.map((v) => v + deltas[i]!))),
        1e-6,
      );
      expect(Math.abs(deltas[i]!)).toBeLessThanOrEqual(0.1 + 1e-6);
    }
    expect(new Set(deltas.map((d) => d.toFixed(6))).size).toBe(16);
    expectNoLeak(randomBrightness({ factor: 0.2 }), { x });
  });
});
