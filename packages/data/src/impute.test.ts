import { ConfigError, DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { impute } from './impute.js';

describe('impute', () => {
  const train = [4, null, 1, Number.NaN, 1, 10, undefined];

  it('fills missing test values with the statistic of the present training values', () => {
    const present = [4, 1, 1, 10];
    const cases = [
      ['mean', present.reduce((a, b) => a + b, 0) / present.length],
      ['median', (1 + 4) / 2],
      ['mostFrequent', 1],
    ] as const;
    for (const [strategy, fill] of cases) {
      const step = impute({ strategy });
      const state = step.fit(train);
      expect(state.fill).toBe(fill);
      expect([null, undefined, Number.NaN, 7].map((v) => step.transform(state, v))).toEqual([
        fill,
        fill,
        fill,
        7,
      ]);
    }
    const constant = impute({ strategy: 'constant', fillValue: -1 });
    expect(constant.transform(constant.fit([]), null)).toBe(-1);
  });

  it('breaks mostFrequent ties toward the smallest value and works on strings', () => {
    expect(impute({ strategy: 'mostFrequent' }).fit([3, 2, 3, 2, null]).fill).toBe(2);
    const step = impute({ strategy: 'mostFrequent' });
    const state = step.fit(['b', 'a', null, 'b', 'a', 'c']);
    expect(state.fill).toBe('a');
    expect(step.transform(state, null)).toBe('a');
  });

  it('refuses what it cannot fit with labelled errors', () => {
    expect(() => impute().fit([null, Number.NaN])).toThrow(DataError);
    expect(() => impute({ strategy: 'median' }).fit(['a'])).toThrow(/needs finite numbers, got "a"/);
    expect(() => impute({ strategy: 'constant' })).toThrow(ConfigError);
    expect(() => impute({ strategy: 'mean', fillValue: 0 })).toThrow(/only the 'constant' strategy/);
    expect(() => impute({ strategy: 'mode' as never })).toThrow(/must be one of/);
  });
});
