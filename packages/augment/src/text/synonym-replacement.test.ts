import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { synonymReplacement } from './synonym-replacement.js';

const lexicon = { quick: ['fast', 'rapid'], lazy: ['idle'], dog: ['hound'], the: ['a'] };
const text = 'the quick brown fox jumps over the lazy dog';

describe('synonymReplacement', () => {
  it('replaces n = max(1, ⌊α·words⌋) distinct words, every occurrence, by their synonyms only', () => {
    const replace = synonymReplacement({ lexicon, alpha: 0.25 });
    const tokens = text.split(' ');
    for (let seed = 0; seed < 30; seed++) {
      const out = replace([text], createRng(seed))[0]!.split(' ');
      expect(out.length).toBe(tokens.length);
      const changed = new Set<string>();
      out.forEach((w, i) => {
        if (w !== tokens[i]) {
          expect(lexicon[tokens[i] as keyof typeof lexicon]).toContain(w);
          changed.add(tokens[i]!);
        }
      });
      // ⌊0.25·9⌋ = 2 words, and both 'the' change together.
      expect(changed.size).toBe(2);
      if (changed.has('the')) expect(out[0]).toBe(out[6]);
    }
  });

  it('leaves words without synonyms, is reproducible by seed, and checks the lexicon', () => {
    const replace = synonymReplacement({ lexicon, alpha: 1 });
    expect(replace(['brown fox jumps'], createRng(1))).toEqual(['brown fox jumps']);
    expect(replace([text, text], createRng(4))).toEqual(replace([text, text], createRng(4)));
    expect(() => synonymReplacement({ lexicon: { a: 'b' as never } })).toThrow(
      /synonymReplacement\(\{lexicon\}\)/,
    );
    expect(() => synonymReplacement({ lexicon, alpha: 2 })).toThrow(/alpha/);
  });
});
