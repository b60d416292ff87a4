import { DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { stableHash } from './stable-hash.js';
import { stringLookup } from './string-lookup.js';

describe('stringLookup', () => {
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
});
