import { describe, expect, it } from 'vitest';
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
