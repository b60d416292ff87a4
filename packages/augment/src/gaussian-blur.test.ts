import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { gaussianBlur } from './gaussian-blur.js';

/** A 2-D gaussian blur by direct summation with torch-style reflected borders, in float64. */
function blur(img: number[][][], size: number, sigma: number): number[][][] {
  const r = (size - 1) / 2;
  const h = img.length;
  const w = img[0]!.length;
  const k1 = Array.from({ length: size }, (_, k) => Math.exp(-((k - r) ** 2) / (2 * sigma * sigma)));
  const total = k1.reduce((a, b) => a + b, 0);
  const refl = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  return img.map((row, y) =>
    row.map((px, x) =>
      px.map((_, c) => {
        let s = 0;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            s +=
              ((k1[dy + r]! * k1[dx + r]!) / (total * total)) * img[refl(y + dy, h)]![refl(x + dx, w)]![c]!;
          }
        }
        return s;
      }),
    ),
  );
}

describe('gaussianBlur', () => {
  it('equals a direct 2-D gaussian sum with reflected borders', () => {
    const img = distinct(5, 6, 2);
    expectNear(
      run(gaussianBlur({ kernelSize: 5, sigma: [1.2, 1.2] }), { x: batchOf([img]) }).x[0],
      blur(img, 5, 1.2),
      1e-3,
    );
    expectNear(
      run(gaussianBlur({ kernelSize: 3, sigma: [0.6, 0.6] }), { x: batchOf([img]) }).x[0],
      blur(img, 3, 0.6),
      1e-3,
    );
  });

  it('draws σ per image, and refuses an even kernel', () => {
    const img = distinct(6, 6);
    const x = batchOf(Array.from({ length: 6 }, () => img));
    const out = run(gaussianBlur({ kernelSize: 5, sigma: [0.3, 3] }), { x }).x;
    expect(new Set(out.map((s) => s[0]![0]![0]!.toFixed(4))).size).toBe(6);
    expect(() => gaussianBlur({ kernelSize: 4, sigma: [1, 1] })).toThrow(/must be odd/);
    expectNoLeak(gaussianBlur({ kernelSize: 3, sigma: [0.5, 1] }), { x });
    x.dispose();
  });
});
