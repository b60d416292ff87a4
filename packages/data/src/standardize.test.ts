import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { minMax } from './min-max.js';
import { robustScale } from './robust-scale.js';
import { standardize } from './standardize.js';

const train = [3, -1, 4, 1, 5, 9, 2, 6];
const test = [0, 2.5, 10, -4];

describe('standardize', () => {
  it('fits mean and population std on train only, then applies them to test', () => {
    // Hand computation: mean = 29 / 8; variance = Σ(x − mean)² / 8.
    let mean = 0;
    for (const x of train) mean += x / train.length;
    let v = 0;
    for (const x of train) v += (x - mean) ** 2 / train.length;
    const step = standardize();
    const state = step.fit(train);
    expect(state.mean).toBeCloseTo(29 / 8, 12);
    expect(state.std).toBeCloseTo(Math.sqrt(v), 12);
    for (const x of test) expect(step.transform(state, x)).toBeCloseTo((x - mean) / Math.sqrt(v), 12);
    // The transformed training column has mean 0 and variance 1.
    const z = train.map((x) => step.transform(state, x));
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(z.reduce((a, b) => a + b * b, 0) / z.length).toBeCloseTo(1, 12);
  });

  it('only centres a constant column and refuses missing values', () => {
    const step = standardize();
    const state = step.fit([2, 2, 2]);
    expect(state).toEqual({ mean: 2, std: 0 });
    expect(step.transform(state, 5)).toBe(3);
    expect(() => step.fit([])).toThrow(DataError);
    expect(() => step.fit([1, null])).toThrow(/put impute\(\) before this step/);
    expect(() => step.transform(state, 'x')).toThrow(/expected a finite number, got "x"/);
    expect(() => standardize({ scale: 2 } as never)).toThrow(/unknown option 'scale'/);
  });
});

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
