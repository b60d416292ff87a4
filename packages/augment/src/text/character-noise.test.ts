import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { characterNoise } from './character-noise.js';

describe('characterNoise', () => {
  const text = 'abcdefghij'.repeat(20).match(/.{10}/g)!.join(' ');

  it.each([
    ['delete', (o: string, n: string) => n.length <= o.length],
    ['insert', (o: string, n: string) => n.length >= o.length],
    ['substitute', (o: string, n: string) => n.length === o.length],
    ['swap', (o: string, n: string) => [...n].sort().join() === [...o].sort().join()],
  ] as const)('%s only does what it says, to about p of the characters', (op, holds) => {
    const out = characterNoise({ p: 0.2, operations: [op], alphabet: 'XYZ' })([text], createRng(2))[0]!.split(
      ' ',
    );
    const words = text.split(' ');
    expect(out.length).toBe(words.length);
    let differing = 0;
    out.forEach((w, i) => {
      expect(holds(words[i]!, w)).toBe(true);
      if (w !== words[i]) differing++;
    });
    // 20 words of 10 characters at p = 0.2: a word escapes with probability 0.8^10 ≈ 0.11.
    expect(differing).toBeGreaterThan(12);
  });

  it('substitutions and insertions come from the alphabet, and rates follow p', () => {
    const out = characterNoise({ p: 0.1, operations: ['substitute'], alphabet: 'Z' })(
      [text],
      createRng(5),
    )[0]!;
    const hits = [...out].filter((c) => c === 'Z').length;
    // Binomial(200, 0.1): 20 ± 5·4.2.
    expect(Math.abs(hits - 20)).toBeLessThan(21);
    expect(() => characterNoise({ operations: ['shout' as 'swap'] })).toThrow(/operations/);
  });
});
