import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { expectPartition } from './folds.test-util.js';
import { kFold } from './k-fold.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('kFold', () => {
  it('gives disjoint, covering folds of sizes ⌈n/k⌉ then ⌊n/k⌋', () => {
    for (const [n, k] of [
      [10, 3],
      [7, 7],
      [100, 5],
    ] as const) {
      const folds = kFold(range(n), { k, seed: 1 });
      expectPartition(folds, n);
      expect(folds.map((f) => f.test.length)).toEqual(
        range(k).map((f) => Math.floor(n / k) + (f < n % k ? 1 : 0)),
      );
      for (const f of folds) expect(f.test).toEqual(f.testIndices);
    }
  });

  it('is reproducible by seed and random across seeds', () => {
    const a = kFold(range(50), { k: 5, seed: 3 });
    expect(kFold(range(50), { k: 5, seed: 3 })).toEqual(a);
    expect(kFold(range(50), { k: 5, rng: createRng(9) })).toEqual(
      kFold(range(50), { k: 5, rng: createRng(9) }),
    );
    expect(kFold(range(50), { k: 5, seed: 4 })[0]!.test).not.toEqual(a[0]!.test);
    // Each item is in fold 0 with probability 1/5 over seeds: Binomial(2000, 0.2), mean 400, sd ≈ 17.9.
    const hits = new Array(10).fill(0);
    for (let seed = 0; seed < 2000; seed++)
      for (const i of kFold(range(10), { k: 5, seed })[0]!.test) hits[i]++;
    for (const h of hits) expect(Math.abs(h - 400)).toBeLessThan(5 * 17.9);
  });

  it('rejects bad options', () => {
    expect(() => kFold(range(5), { k: 1, seed: 0 })).toThrow(/integer ≥ 2/);
    expect(() => kFold(range(5), { k: 6, seed: 0 })).toThrow(/at most the number of items \(5\)/);
    expect(() => kFold(range(5), { k: 2 })).toThrow(/exactly one of seed/);
    expect(() => kFold('abc' as never, { k: 2, seed: 0 })).toThrow(/must be an array/);
  });
});
