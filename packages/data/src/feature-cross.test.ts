import { describe, expect, it } from 'vitest';
import { featureCross } from './feature-cross.js';
import { stableHash } from './stable-hash.js';

describe('featureCross', () => {
  it('featureCross hashes the joined tuple, so the split point matters', () => {
    const cross = featureCross({ numBins: 1 << 20 });
    expect(cross.transform({}, ['a b', 'c'])).toBe(stableHash('a b\u001fc') % (1 << 20));
    expect(cross.transform({}, ['a b', 'c'])).not.toBe(cross.transform({}, ['a', 'b c']));
    expect(() => cross.transform({}, ['a'])).toThrow(/at least two/);
  });
});
