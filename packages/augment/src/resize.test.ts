import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNear, expectNoLeak, run } from './augment-checks.test-util.js';
import { resize } from './resize.js';

/** TF2 half-pixel bilinear along one axis: sample (i + ½)·in/out - ½, clamped to [0, in - 1]. */
function resize1d(v: number[], out: number): number[] {
  return Array.from({ length: out }, (_, i) => {
    const s = Math.min(Math.max((i + 0.5) * (v.length / out) - 0.5, 0), v.length - 1);
    const a = Math.floor(s);
    const b = Math.min(a + 1, v.length - 1);
    return v[a]! * (1 - (s - a)) + v[b]! * (s - a);
  });
}

describe('resize', () => {
  it('bilinear with half-pixel centres, separable along rows then columns', () => {
    const img = distinct(3, 4);
    const rows = img.map((row) =>
      resize1d(
        row.map((p) => p[0]!),
        6,
      ),
    );
    const cols = Array.from({ length: 6 }, (_, c) =>
      resize1d(
        rows.map((r) => r[c]!),
        2,
      ),
    );
    const want = [0, 1].map((r) => cols.map((col) => [col[r]!]));
    expectNear(run(resize({ height: 2, width: 6 }), { x: batchOf([img]) }).x[0], want, 1e-4);
  });

  it('nearest picks the pixel whose centre is nearest', () => {
    const img = distinct(2, 2);
    const out = run(resize({ height: 4, width: 4, interpolation: 'nearest' }), { x: batchOf([img]) }).x[0]!;
    expect(out).toEqual([0, 0, 1, 1].map((r) => [0, 0, 1, 1].map((c) => img[r]![c]!)));
    expectNoLeak(resize({ height: 3, width: 3 }), { x: batchOf([img]) });
  });
});
