import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
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
