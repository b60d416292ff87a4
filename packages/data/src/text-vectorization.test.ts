import { describe, expect, it } from 'vitest';
import { textVectorization } from './text-vectorization.js';

describe('textVectorization', () => {
  const train = ['Hello, world!', 'hello there', 'The world; the end.'];

  it('learns a word vocabulary after pad (0) and OOV (1), most frequent first', () => {
    const step = textVectorization();
    const state = step.fit(train);
    // hello 2, the 2, world 2, end 1, there 1.
    expect(state.vocabulary).toEqual(['hello', 'the', 'world', 'end', 'there']);
    expect(step.transform(state, 'HELLO unknown World')).toEqual([2, 1, 4]);
    expect(step.transform(state, null)).toEqual([]);
  });

  it('pads and truncates to outputSequenceLength, and keeps maxTokens ids', () => {
    const step = textVectorization({ outputSequenceLength: 4, maxTokens: 4 });
    const state = step.fit(train);
    expect(state.vocabulary).toEqual(['hello', 'the']);
    expect(step.transform(state, 'the hello')).toEqual([3, 2, 0, 0]);
    expect(step.transform(state, 'the the the the the')).toEqual([3, 3, 3, 3]);
    expect(step.transform(state, 'world')).toEqual([1, 0, 0, 0]);
    expect(step.width(state)).toBe(4);
    expect(() => textVectorization().width(state)).toThrow(/set outputSequenceLength/);
  });

  it('tokenizes characters (code points)', () => {
    const step = textVectorization({ split: 'character', standardize: 'lower' });
    const state = step.fit(['aAb', '😀']);
    expect(state.vocabulary).toEqual(['a', 'b', '😀']);
    expect(step.transform(state, 'B😀z')).toEqual([3, 4, 1]);
  });
});
