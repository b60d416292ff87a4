import { describe, expect, it } from 'vitest';
import { bucketize } from './bucketize.js';
import { featureCross } from './feature-cross.js';
import { hashing } from './hashing.js';
import { stableHash } from './stable-hash.js';

describe('stableHash', () => {
  it('matches published FNV-1a 32-bit vectors, over UTF-8 bytes', () => {
    // From the FNV reference test suite (Noll's fnv_test_str).
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
    // U+00E9 is the two bytes c3 a9: FNV-1a of them by hand.
    const byHand = [0xc3, 0xa9].reduce((h, b) => Math.imul(h ^ b, 16777619) >>> 0, 0x811c9dc5);
    expect(stableHash('é')).toBe(byHand);
  });
});

describe('hashing / featureCross / bucketize', () => {
  it('hashing bins by stableHash(salt + text) mod numBins', () => {
    const step = hashing({ numBins: 7, salt: 's' });
    for (const v of ['a', 'b', 42]) expect(step.transform({}, v)).toBe(stableHash(`s${v}`) % 7);
    const hot = hashing({ numBins: 4, output: 'oneHot' });
    const v = hot.transform({}, 'x') as number[];
    expect(v).toHaveLength(4);
    expect(v[stableHash('x') % 4]).toBe(1);
    expect(v.reduce((a, b) => a + b)).toBe(1);
  });

  it('featureCross hashes the joined tuple, so the split point matters', () => {
    const cross = featureCross({ numBins: 1 << 20 });
    expect(cross.transform({}, ['a b', 'c'])).toBe(stableHash('a b\u001fc') % (1 << 20));
    expect(cross.transform({}, ['a b', 'c'])).not.toBe(cross.transform({}, ['a', 'b c']));
    expect(() => cross.transform({}, ['a'])).toThrow(/at least two/);
  });

  it('bucketize counts the boundaries ≤ x; numBins learns quantile boundaries on train', () => {
    const step = bucketize({ boundaries: [0, 1.5, 3] });
    const state = step.fit([]);
    const xs = [-2, 0, 1, 1.5, 2.9, 3, 100];
    expect(xs.map((x) => step.transform(state, x))).toEqual(
      xs.map((x) => [0, 1.5, 3].filter((b) => b <= x).length),
    );
    // Train 0..10: quantiles 1/3 and 2/3 at positions 10/3 and 20/3 → 3.333… and 6.666….
    const learned = bucketize({ numBins: 3, output: 'oneHot' });
    const s = learned.fit(Array.from({ length: 11 }, (_, i) => i));
    expect(s.boundaries[0]).toBeCloseTo(10 / 3, 12);
    expect(s.boundaries[1]).toBeCloseTo(20 / 3, 12);
    expect(learned.transform(s, 5)).toEqual([0, 1, 0]);
    // Repeated quantiles collapse into one boundary.
    expect(bucketize({ numBins: 4 }).fit([1, 1, 1, 1, 2]).boundaries).toEqual([1]);
    expect(() => bucketize({ boundaries: [2, 1] })).toThrow(/strictly increasing/);
  });
});
