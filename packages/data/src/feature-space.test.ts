import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { bucketize } from './bucketize.js';
import { featureSpace } from './feature-space.js';
import { hashing } from './hashing.js';
import { impute } from './impute.js';
import { loadFeatureSpace } from './load-feature-space.js';
import { oneHot } from './one-hot.js';
import type { Preprocessor } from './preprocessor.js';
import { stableHash } from './stable-hash.js';
import { standardize } from './standardize.js';
import { stringLookup } from './string-lookup.js';
import { textVectorization } from './text-vectorization.js';

const train = [
  { income: 30, city: 'Oslo', age: 25, note: 'late payment' },
  { income: null, city: 'Lima', age: 40, note: 'on time' },
  { income: 50, city: 'Oslo', age: 61, note: 'on time' },
  { income: 40, city: 'Pune', age: 33, note: '' },
];
const test = [
  { income: 45, city: 'Rome', age: 70, note: 'late again' },
  { income: null, city: 'Lima', age: 18, note: 'on time' },
];

function spec() {
  return featureSpace({
    columns: {
      income: [impute({ strategy: 'median' }), standardize()],
      city: oneHot(),
      age: bucketize({ boundaries: [30, 60] }),
      note: textVectorization({ outputSequenceLength: 2 }),
      user: hashing({ numBins: 5 }),
    },
    crosses: [{ columns: ['city', 'age'], numBins: 8 }],
  });
}

describe('featureSpace', () => {
  it('fits every column on train and transforms test to hand-computed vectors', () => {
    const fitted = spec().fit(train);
    // income: median of [30, 50, 40] = 40 fills the gap; standardize [30, 40, 50, 40]: mean 40, std √50.
    const std = Math.sqrt((100 + 0 + 100 + 0) / 4);
    // city vocabulary by count: Oslo 2, then Lima, Pune → [OOV, Oslo, Lima, Pune].
    // note vocabulary: on 2, time 2, late 1, payment 1 → on 2, time 3, late 4, payment 5.
    const expected = [
      [(45 - 40) / std, 1, 0, 0, 0, 2, 4, 1, stableHash('') % 5, stableHash('Rome\u001f70') % 8],
      [0, 0, 0, 1, 0, 0, 2, 3, stableHash('') % 5, stableHash('Lima\u001f18') % 8],
    ];
    expect(fitted.width).toBe(10);
    expect(fitted.layout.map((s) => [s.name, s.offset, s.width])).toEqual([
      ['income', 0, 1],
      ['city', 1, 4],
      ['age', 5, 1],
      ['note', 6, 2],
      ['user', 8, 1],
      ['city×age', 9, 1],
    ]);
    test.forEach((r, i) => {
      const got = Array.from(fitted.transform(r));
      for (const [j, e] of expected[i]!.entries()) expect(got[j]).toBeCloseTo(e, 6);
    });
  });

  it('saves its fitted state as JSON that reloads to identical transforms', () => {
    const fitted = spec().fit(train);
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    const reloaded = loadFeatureSpace(json);
    expect(reloaded.layout).toEqual(fitted.layout);
    for (const r of [...train, ...test]) expect(reloaded.transform(r)).toEqual(fitted.transform(r));
    expect(JSON.parse(JSON.stringify(reloaded))).toEqual(json);
  });

  it('rebuilds custom steps from given factories, and says what is missing', () => {
    const double = (): Preprocessor<unknown, number, { k: number }> => ({
      kind: 'double',
      options: {},
      fit: () => ({ k: 2 }),
      transform: (s, v) => s.k * (v as number),
      width: () => 1,
    });
    const json = JSON.parse(JSON.stringify(featureSpace({ columns: { x: double() } }).fit([{ x: 1 }])));
    expect(() => loadFeatureSpace(json)).toThrow(/unknown step kind 'double'/);
    expect(Array.from(loadFeatureSpace(json, { steps: { double } }).transform({ x: 4 }))).toEqual([8]);
    expect(() => loadFeatureSpace({ format: 'other' } as never)).toThrow(DataError);
  });

  it('refuses a column that ends in strings, and bad specs', () => {
    const fitted = featureSpace({ columns: { city: impute({ strategy: 'mostFrequent' }) } }).fit([
      { city: 'a' },
    ]);
    expect(() => fitted.transform({ city: null })).toThrow(/end the column with a numeric step/);
    expect(() => featureSpace({ columns: {} })).toThrow(/at least one column/);
    expect(() => featureSpace({ columns: { x: 3 as never } })).toThrow(/must be a preprocessing step/);
    expect(() => featureSpace({ columns: { x: stringLookup() } }).fit([])).toThrow(/non-empty/);
  });
});
