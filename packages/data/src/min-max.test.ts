import { describe, expect, it } from 'vitest';
import { minMax } from './min-max.js';

const train = [3, -1, 4, 1, 5, 9, 2, 6];
const test = [0, 2.5, 10, -4];

describe('minMax', () => {
  it('maps the training range onto [min, max]', () => {
    const step = minMax({ min: -1, max: 1 });
    const state = step.fit(train);
    expect(state).toEqual({ dataMin: -1, dataMax: 9 });
    for (const x of test) expect(step.transform(state, x)).toBeCloseTo(-1 + ((x + 1) / 10) * 2, 12);
    const clipped = minMax({ min: -1, max: 1, clip: true });
    expect([clipped.transform(state, 20), clipped.transform(state, -20)]).toEqual([1, -1]);
    expect(minMax().transform({ dataMin: 4, dataMax: 4 }, 6)).toBe(2);
    expect(() => minMax({ min: 1, max: 1 })).toThrow(/max must exceed min/);
  });
});
