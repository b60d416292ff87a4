import { ConfigError, createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { identity } from './identity.js';

describe('identity', () => {
  it('is gain on the main diagonal, zeros elsewhere, square or not', () => {
    for (const [rows, cols] of [
      [3, 3],
      [2, 4],
      [4, 2],
    ] as const) {
      const w = identity({ gain: 0.5 })(createRng(0), [rows, cols]);
      const want = Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => (i === j ? 0.5 : 0)),
      );
      expect(w.arraySync()).toEqual(want);
      w.dispose();
    }
  });

  it('says what is wrong', () => {
    expect(() => identity()(createRng(0), [3, 3, 3])).toThrow(ConfigError);
    expect(() => identity()(createRng(0), [3, 3, 3])).toThrow(/2-D weights only, got shape \[3, 3, 3\]/);
  });
});
