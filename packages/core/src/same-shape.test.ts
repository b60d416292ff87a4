import { describe, expect, it } from 'vitest';
import { sameShape } from './same-shape.js';

describe('sameShape', () => {
  it('is true for equal shapes, scalars included', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([], [])).toBe(true);
    expect(sameShape([null, 4], [null, 4])).toBe(true);
  });

  it('is false for another rank, even when the sizes broadcast', () => {
    expect(sameShape([3], [3, 1])).toBe(false);
    expect(sameShape([1, 3], [3])).toBe(false);
    expect(sameShape([], [1])).toBe(false);
  });

  it('is false for another size in any dimension, and null is no wildcard', () => {
    expect(sameShape([2, 3], [2, 4])).toBe(false);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([null, 3], [5, 3])).toBe(false);
  });
});
