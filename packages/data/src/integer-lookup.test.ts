import { describe, expect, it } from 'vitest';
import { integerLookup } from './integer-lookup.js';

describe('integerLookup', () => {
  it('indexes integer codes by frequency after the OOV bucket', () => {
    const ints = integerLookup();
    const s = ints.fit([90210, 10001, 90210]);
    expect([ints.transform(s, 90210), ints.transform(s, 10001), ints.transform(s, 5)]).toEqual([1, 2, 0]);
    expect(() => ints.fit([1.5])).toThrow(/expected an integer/);
  });
});
