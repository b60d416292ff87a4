import { describe, expect, it } from 'vitest';
import { expectPartition } from './folds.test-util.js';
import { groupKFold } from './group-k-fold.js';

describe('groupKFold', () => {
  // 20 users with 1..20 events each.
  const events = Array.from({ length: 20 }, (_, u) =>
    Array.from({ length: u + 1 }, () => ({ user: `u${u}` })),
  ).flat();

  it('never splits a group, and covers the items with disjoint folds', () => {
    for (let seed = 0; seed < 5; seed++) {
      const folds = groupKFold(events, { k: 3, seed, groupBy: (e) => e.user });
      expectPartition(folds, events.length);
      for (const f of folds) {
        const inTest = new Set(f.test.map((e) => e.user));
        expect(f.train.some((e) => inTest.has(e.user))).toBe(false);
      }
      // Greedy largest-first placement: 210 events over 3 folds, each within the largest group (20) of 70.
      for (const f of folds) expect(Math.abs(f.test.length - 70)).toBeLessThanOrEqual(20);
    }
  });

  it('is reproducible by seed; the seed orders equal-size groups', () => {
    const items = Array.from({ length: 12 }, (_, i) => i);
    const opts = { k: 3, groupBy: (i: number) => i % 6 };
    expect(groupKFold(items, { ...opts, seed: 5 })).toEqual(groupKFold(items, { ...opts, seed: 5 }));
    const seen = new Set<string>();
    for (let seed = 0; seed < 10; seed++)
      seen.add(JSON.stringify(groupKFold(items, { ...opts, seed })[0]!.testIndices));
    expect(seen.size).toBeGreaterThan(1);
    expect(() => groupKFold(items, { k: 7, seed: 0, groupBy: (i) => i % 6 })).toThrow(
      /at least k groups, got 6/,
    );
  });
});
