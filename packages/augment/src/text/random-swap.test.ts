import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { randomSwap } from './random-swap.js';

describe('randomSwap', () => {
  it('keeps the multiset of words and moves at most 2n positions', () => {
    const tokens = 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9'.split(' ');
    const swap = randomSwap({ alpha: 0.2 });
    let changedTexts = 0;
    for (let seed = 0; seed < 50; seed++) {
      const out = swap([tokens.join(' ')], createRng(seed))[0]!.split(' ');
      expect([...out].sort()).toEqual([...tokens].sort());
      const moved = out.filter((w, i) => w !== tokens[i]).length;
      expect(moved).toBeLessThanOrEqual(4);
      if (moved > 0) changedTexts++;
    }
    // Two swaps of distinct positions undo each other only rarely.
    expect(changedTexts).toBeGreaterThan(40);
  });

  it('swaps the two words of a two-word text, and leaves one word alone', () => {
    expect(randomSwap({ alpha: 0.5 })(['left right', 'alone'], createRng(3))).toEqual([
      'right left',
      'alone',
    ]);
  });
});
