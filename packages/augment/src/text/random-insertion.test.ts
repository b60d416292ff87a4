import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { randomInsertion } from './random-insertion.js';

describe('randomInsertion', () => {
  const lexicon = { big: ['large', 'huge'], dog: ['hound'] };

  it('inserts n = max(1, ⌊α·words⌋) synonyms of words in the text, keeping the original order', () => {
    const text = 'a big dog sat on the mat today';
    const insert = randomInsertion({ lexicon, alpha: 0.25 });
    for (let seed = 0; seed < 30; seed++) {
      const out = insert([text], createRng(seed))[0]!.split(' ');
      expect(out.length).toBe(8 + 2);
      // Removing the inserted words gives the original back, in order.
      const inserted: string[] = [];
      const rest = [...out];
      for (const original of text.split(' ')) {
        while (rest[0] !== original) inserted.push(rest.shift()!);
        rest.shift();
      }
      inserted.push(...rest);
      expect(inserted.length).toBe(2);
      for (const w of inserted) expect(['large', 'huge', 'hound']).toContain(w);
    }
  });

  it('leaves a text without known words unchanged', () => {
    expect(randomInsertion({ lexicon, alpha: 1 })(['cats purr'], createRng(0))).toEqual(['cats purr']);
  });
});
