import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

describe('dataset.repeat', () => {
  it('repeats count times, or forever', async () => {
    const ds = fromArray([1, 2]);
    expect(await ds.repeat(3).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(await ds.repeat(0).toArray()).toEqual([]);
    expect(await ds.repeat().take(5).toArray()).toEqual([1, 2, 1, 2, 1]);
    expect([ds.repeat(3).size, ds.repeat().size, fromArray([]).repeat().size]).toEqual([6, Infinity, 0]);
    expect(
      await fromGenerator(() => [])
        .repeat()
        .toArray(),
    ).toEqual([]);
  });

  it('gives each repetition after a shuffle its own order, reproducibly', async () => {
    const n = 20;
    const ds = fromArray(Array.from({ length: n }, (_, i) => i))
      .shuffle('all', { seed: 8 })
      .repeat(3);
    const all = await ds.toArray({ epoch: 0 });
    const reps = [all.slice(0, n), all.slice(n, 2 * n), all.slice(2 * n)];
    for (const rep of reps)
      expect([...rep].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(reps[0]).not.toEqual(reps[1]);
    expect(reps[1]).not.toEqual(reps[2]);
    expect(await ds.toArray({ epoch: 0 })).toEqual(all);
    expect(await ds.toArray({ epoch: 1 })).not.toEqual(all);
  });

  it('rejects a bad count and toArray of an endless dataset', async () => {
    expect(() => fromArray([1]).repeat(1.5)).toThrow(
      'dataset.repeat(count): must be a non-negative integer, got 1.5',
    );
    await expect(fromArray([1]).repeat().toArray()).rejects.toThrow(/infinite.*take\(n\) first/);
  });
});
