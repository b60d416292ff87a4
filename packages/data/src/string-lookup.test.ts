import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { integerLookup } from './integer-lookup.js';
import { oneHot } from './one-hot.js';
import { stableHash } from './stable-hash.js';
import { stringLookup } from './string-lookup.js';

describe('stringLookup / integerLookup / oneHot', () => {
  const train = ['cat', 'dog', 'cat', 'emu', 'dog', 'cat', 'ant'];

  it('indexes the training vocabulary by frequency after the OOV bucket; unseen values go to it', () => {
    const step = stringLookup();
    const state = step.fit(train);
    // Counts: cat 3, dog 2, ant 1, emu 1 (ties in string order).
    expect(state.vocabulary).toEqual(['cat', 'dog', 'ant', 'emu']);
    expect(['cat', 'dog', 'ant', 'emu', 'yak', null].map((v) => step.transform(state, v))).toEqual([
      1, 2, 3, 4, 0, 0,
    ]);
    // Row order does not change the vocabulary.
    expect(step.fit([...train].reverse())).toEqual(state);
  });

  it('spreads unseen values over several OOV buckets by stable hash', () => {
    const step = stringLookup({ numOovIndices: 3 });
    const state = step.fit(train);
    expect(step.transform(state, 'cat')).toBe(3);
    for (const unseen of ['yak', 'owl', 'bee', 'gnu']) {
      expect(step.transform(state, unseen)).toBe(stableHash(unseen) % 3);
    }
  });

  it('limits the vocabulary with maxTokens (OOV included) and minCount', () => {
    expect(stringLookup({ maxTokens: 3 }).fit(train).vocabulary).toEqual(['cat', 'dog']);
    expect(stringLookup({ minCount: 2 }).fit(train).vocabulary).toEqual(['cat', 'dog']);
    const fixed = stringLookup({ vocabulary: ['x', 'y'], output: 'oneHot' });
    expect(fixed.transform(fixed.fit(train), 'y')).toEqual([0, 0, 1]);
  });

  it('refuses unseen values without OOV buckets, and wrong types', () => {
    const step = stringLookup({ numOovIndices: 0 });
    const state = step.fit(train);
    expect(step.transform(state, 'cat')).toBe(0);
    expect(() => step.transform(state, 'yak')).toThrow(DataError);
    expect(() => stringLookup().fit([1])).toThrow(/use integerLookup/);
    expect(() => stringLookup({ vocabulary: ['a', 'a'] })).toThrow(/repeated/);
  });

  it('integerLookup indexes integer codes; oneHot encodes mixed categories', () => {
    const ints = integerLookup();
    const s = ints.fit([90210, 10001, 90210]);
    expect([ints.transform(s, 90210), ints.transform(s, 10001), ints.transform(s, 5)]).toEqual([1, 2, 0]);
    expect(() => ints.fit([1.5])).toThrow(/expected an integer/);
    const hot = oneHot();
    const state = hot.fit([1, '1', 1]);
    expect(state.vocabulary).toEqual([1, '1']);
    expect([hot.transform(state, '1'), hot.transform(state, 2)]).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(hot.width(state)).toBe(3);
  });
});
