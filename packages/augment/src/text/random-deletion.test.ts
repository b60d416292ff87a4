import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { randomDeletion } from './random-deletion.js';

describe('randomDeletion', () => {
  it('drops each word with probability p, keeping the rest in order', () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    const out = randomDeletion({ p: 0.3 })([tokens.join(' ')], createRng(1))[0]!.split(' ');
    // Binomial(2000, 0.7) kept: within 5 standard deviations (≈ 102).
    expect(Math.abs(out.length - 1400)).toBeLessThan(103);
    const positions = out.map((w) => Number(w.slice(1)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('keeps one word when all would go, and changes nothing at p = 0', () => {
    for (let seed = 0; seed < 10; seed++) {
      const [out] = randomDeletion({ p: 1 })(['a b c d'], createRng(seed));
      expect(['a', 'b', 'c', 'd']).toContain(out);
    }
    expect(randomDeletion({ p: 0 })(['a  b c'], createRng(0))).toEqual(['a b c']);
  });
});
