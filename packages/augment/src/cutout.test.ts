import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, run } from './augment-checks.test-util.js';
import { cutout } from './cutout.js';

/** The bounding box of the zeros of a single-channel image, and how many there are. */
function zeros(img: number[][][]): { count: number; rows: number; cols: number } {
  const cells = img.flatMap((row, r) => row.flatMap((p, c) => (p[0] === 0 ? [[r, c] as const] : [])));
  const rows = new Set(cells.map(([r]) => r)).size;
  const cols = new Set(cells.map(([, c]) => c)).size;
  return { count: cells.length, rows, cols };
}

describe('cutout', () => {
  it('zeroes one size × size square per image, clipped at the edges, centres spread over the image', () => {
    const x = tf.ones([200, 8, 8, 1]) as tf.Tensor4D;
    const out = run(cutout({ size: 4 }), { x }).x;
    let whole = 0;
    for (const img of out) {
      const z = zeros(img);
      // A (possibly clipped) solid rectangle: its zeros fill their bounding rows × columns.
      expect(z.count).toBe(z.rows * z.cols);
      expect(z.rows).toBeLessThanOrEqual(4);
      expect(z.cols).toBeLessThanOrEqual(4);
      if (z.count === 16) whole++;
    }
    // The centre is uniform over 8 × 8; the square is whole when the centre row and column are in 2…6:
    // (5/8)² ≈ 39% of 200.
    expect(whole).toBeGreaterThan(50);
    expect(whole).toBeLessThan(110);
    expectNoLeak(cutout({ size: 3, count: 2, fillValue: 0.5 }), { x });
    x.dispose();
  });
});
