import { describe, expect, it } from 'vitest';
import { deriveSeed } from './derive-seed.js';

describe('deriveSeed', () => {
  it('maps (seed, key) to a reproducible integer in [0, 2^53)', () => {
    for (const seed of [0, 1, 2 ** 32, 2 ** 53 - 1]) {
      const s = deriveSeed(seed, [3]);
      expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
      expect(deriveSeed(seed, [3])).toBe(s);
    }
  });

  it('gives distinct seeds for neighbouring seeds, epochs and repetitions', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 100; seed++) {
      for (let epoch = 0; epoch < 100; epoch++) seen.add(deriveSeed(seed, [epoch]));
    }
    for (let r = 0; r < 100; r++) seen.add(deriveSeed(0, [0, r]));
    expect(seen.size).toBe(100 * 100 + 100);
    expect(deriveSeed(5, [])).not.toBe(deriveSeed(5, [0]));
  });

  it('spreads a one-bit change of the epoch over about half of the output bits (avalanche)', () => {
    let flipped = 0;
    let total = 0;
    for (let epoch = 0; epoch < 256; epoch++) {
      const a = deriveSeed(7, [epoch]);
      const b = deriveSeed(7, [epoch ^ 1]);
      const lo = ((a % 2 ** 32) ^ (b % 2 ** 32)) >>> 0;
      flipped += lo.toString(2).split('1').length - 1;
      total += 32;
    }
    expect(flipped / total).toBeGreaterThan(0.45);
    expect(flipped / total).toBeLessThan(0.55);
  });
});
