import { describe, expect, it } from 'vitest';
import { shareOf } from './split-batch.js';

describe('shareOf', () => {
  it('tiles the batch in rank order with shares that differ by at most one row', () => {
    for (const [batch, workers] of [
      [33, 2],
      [64, 4],
      [10, 3],
      [2, 4],
      [1, 1],
    ] as const) {
      const shares = Array.from({ length: workers }, (_, k) => shareOf(batch, workers, k));
      let next = 0;
      for (const [offset, size] of shares) {
        expect(offset).toBe(next);
        next += size;
      }
      expect(next).toBe(batch);
      const sizes = shares.map(([, s]) => s);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    // By hand: 10 rows on 3 workers → 4, 3, 3.
    expect([0, 1, 2].map((k) => shareOf(10, 3, k))).toEqual([
      [0, 4],
      [4, 3],
      [7, 3],
    ]);
  });
});
