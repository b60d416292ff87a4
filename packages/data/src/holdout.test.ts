import { ConfigError, createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { holdout } from './holdout.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('holdout', () => {
  it('splits into disjoint parts that cover the items, each in input order', () => {
    const { train, test } = holdout(range(100), { count: 20, seed: 1 });
    expect(test).toHaveLength(20);
    expect(train).toHaveLength(80);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(range(100));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(test).toEqual([...test].sort((a, b) => a - b));
    // fraction: round(0.25 × 10) = round(2.5) = 3
    expect(holdout(range(10), { fraction: 0.25, seed: 0 }).test).toHaveLength(3);
    expect(holdout(range(10), { count: 0, seed: 0 })).toEqual({ train: range(10), test: [] });
  });

  it('is seeded: the same seed gives the same split, another seed another', () => {
    const a = holdout(range(200), { count: 50, seed: 7 });
    expect(holdout(range(200), { count: 50, seed: 7 })).toEqual(a);
    expect(holdout(range(200), { count: 50, seed: 8 }).test).not.toEqual(a.test);
    expect(holdout(range(200), { count: 50, rng: createRng(7) })).toEqual(
      holdout(range(200), { count: 50, rng: createRng(7) }),
    );
  });

  it('holds each item out with probability count / n (over many seeds)', () => {
    const hits = new Array(10).fill(0);
    const seeds = 4000;
    for (let seed = 0; seed < seeds; seed++)
      for (const i of holdout(range(10), { count: 3, seed }).test) hits[i]++;
    // Binomial(4000, 0.3): mean 1200, sd 29; allow 5 sd.
    for (const h of hits) expect(Math.abs(h - 1200)).toBeLessThan(5 * 29);
  });

  it('stratifies by largest remainder: class sizes 5, 3, 2 and 3 held out give 1 of each', () => {
    // quotas 3·5/10 = 1.5, 3·3/10 = 0.9, 3·2/10 = 0.6 → floors 1, 0, 0; the 2 left go to remainders 0.9, 0.6.
    const labels = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c'];
    const items = labels.map((label, id) => ({ id, label }));
    for (let seed = 0; seed < 20; seed++) {
      const { test } = holdout(items, { count: 3, seed, stratifyBy: (r) => r.label });
      expect(test.map((r) => r.label).sort()).toEqual(['a', 'b', 'c']);
    }
    // 1000 items in classes of 700 / 300, 10% held out: exactly 70 and 30.
    const big = range(1000).map((i) => ({ i, y: i % 10 < 7 ? 0 : 1 }));
    const { test } = holdout(big, { fraction: 0.1, seed: 3, stratifyBy: (r) => r.y });
    expect([test.filter((r) => r.y === 0).length, test.filter((r) => r.y === 1).length]).toEqual([70, 30]);
  });

  it('splits a dataset into datasets that keep its declared dtypes', async () => {
    const ds = fromArray(range(10).map((y) => ({ y }))).withDtypes({ y: 'int32' });
    const { train, test } = await holdout(ds, { count: 4, seed: 0 });
    expect([train.size, test.size]).toEqual([6, 4]);
    expect(test.dtypes).toEqual({ y: 'int32' });
    const ys = [...(await train.toArray()), ...(await test.toArray())].map((r) => r.y).sort((a, b) => a - b);
    expect(ys).toEqual(range(10));
    expect((await test.toArray()).map((r) => r.y)).toEqual(holdout(range(10), { count: 4, seed: 0 }).test);
  });

  it('rejects bad options with labelled errors', () => {
    const items = range(5);
    expect(() => holdout(items, { seed: 0 })).toThrow(/exactly one of fraction/);
    expect(() => holdout(items, { count: 1, fraction: 0.5, seed: 0 })).toThrow(/exactly one of fraction/);
    expect(() => holdout(items, { count: 6, seed: 0 })).toThrow(
      'holdout({count}): must be at most the number of items (5), got 6',
    );
    expect(() => holdout(items, { fraction: 1, seed: 0 })).toThrow(/below 1/);
    expect(() => holdout(items, { fraction: 0, seed: 0 })).toThrow(ConfigError);
    expect(() => holdout(items, { count: 1 })).toThrow(/exactly one of seed/);
    expect(() => holdout(items, { count: 1, seed: 0, stratify: true } as never)).toThrow(
      /unknown option 'stratify'/,
    );
    expect(() => holdout('abc' as never, { count: 1, seed: 0 })).toThrow(/array or a Dataset/);
  });
});
