import { describe, expect, it } from 'vitest';
import { bucketize } from './bucketize.js';

describe('bucketize', () => {
  it('bucketize counts the boundaries ≤ x; numBins learns quantile boundaries on train', () => {
    const step = bucketize({ boundaries: [0, 1.5, 3] });
    const state = step.fit([]);
    const xs = [-2, 0, 1, 1.5, 2.9, 3, 100];
    expect(xs.map((x) => step.transform(state, x))).toEqual(
      xs.map((x) => [0, 1.5, 3].filter((b) => b <= x).length),
    );
    // Train 0..10: quantiles 1/3 and 2/3 at positions 10/3 and 20/3 → 3.333… and 6.666….
    const learned = bucketize({ numBins: 3, output: 'oneHot' });
    const s = learned.fit(Array.from({ length: 11 }, (_, i) => i));
    expect(s.boundaries[0]).toBeCloseTo(10 / 3, 12);
    expect(s.boundaries[1]).toBeCloseTo(20 / 3, 12);
    expect(learned.transform(s, 5)).toEqual([0, 1, 0]);
    // Repeated quantiles collapse into one boundary.
    expect(bucketize({ numBins: 4 }).fit([1, 1, 1, 1, 2]).boundaries).toEqual([1]);
    expect(() => bucketize({ boundaries: [2, 1] })).toThrow(/strictly increasing/);
  });
});
