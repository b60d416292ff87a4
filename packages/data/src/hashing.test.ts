import { describe, expect, it } from 'vitest';
import { hashing } from './hashing.js';
import { stableHash } from './stable-hash.js';

describe('hashing', () => {
  it('hashing bins by stableHash(salt + text) mod numBins', () => {
    const step = hashing({ numBins: 7, salt: 's' });
    for (const v of ['a', 'b', 42]) expect(step.transform({}, v)).toBe(stableHash(`s${v}`) % 7);
    const hot = hashing({ numBins: 4, output: 'oneHot' });
    const v = hot.transform({}, 'x') as number[];
    expect(v).toHaveLength(4);
    expect(v[stableHash('x') % 4]).toBe(1);
    expect(v.reduce((a, b) => a + b)).toBe(1);
  });
});
