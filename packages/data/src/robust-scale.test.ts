import { describe, expect, it } from 'vitest';
import { robustScale } from './robust-scale.js';

const train = [3, -1, 4, 1, 5, 9, 2, 6];
const test = [0, 2.5, 10, -4];

describe('robustScale', () => {
  it('centres on the median and divides by the interquartile range (linear quantiles)', () => {
    // Sorted train: [-1, 1, 2, 3, 4, 5, 6, 9]; position q·7: Q1 at 1.75 → 1 + 0.75·1 = 1.75,
    // median at 3.5 → 3.5, Q3 at 5.25 → 5 + 0.25·1 = 5.25; IQR 3.5.
    const step = robustScale();
    const state = step.fit(train);
    expect(state).toEqual({ median: 3.5, scale: 3.5 });
    for (const x of test) expect(step.transform(state, x)).toBeCloseTo((x - 3.5) / 3.5, 12);
    // [10, 90]: positions 0.7 → -1 + 0.7·2 = 0.4 and 6.3 → 6 + 0.3·3 = 6.9.
    expect(robustScale({ quantileRange: [10, 90] }).fit(train).scale).toBeCloseTo(6.5, 12);
    expect(() => robustScale({ quantileRange: [75, 25] })).toThrow(/low < high/);
  });
});
