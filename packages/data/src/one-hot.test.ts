import { describe, expect, it } from 'vitest';
import { oneHot } from './one-hot.js';

describe('oneHot', () => {
  it("encodes mixed categories (1 and '1' differ) with the OOV position first", () => {
    const hot = oneHot();
    const state = hot.fit([1, '1', 1]);
    expect(state.vocabulary).toEqual([1, '1']);
    expect([hot.transform(state, '1'), hot.transform(state, 2)]).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(hot.width(state)).toBe(3);
  });
});
