import { describe, expect, it } from 'vitest';
import { concat } from './concat.js';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

describe('concat', () => {
  it('yields every part in order, sums sizes, and keeps random access for shuffle', async () => {
    const ds = concat([fromArray([0, 1, 2]), fromArray([3]), fromArray([4, 5])]);
    expect(await ds.toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ds.size).toBe(6);
    expect(await ds.source.get!(4)).toBe(4);
    const shuffled = await ds.shuffle('all', { seed: 3 }).toArray();
    expect([...shuffled].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(shuffled).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('has unknown size after an unsized part, and keeps the dtypes the parts agree on', async () => {
    const gen = fromGenerator(function* () {
      yield { y: 9, z: 1 };
    });
    const a = fromArray([{ y: 1, z: 2 }]).withDtypes({ y: 'int32', z: 'int32' });
    const both = concat([a, gen.withDtypes({ y: 'int32' })]);
    expect(both.size).toBeUndefined();
    expect(both.dtypes).toEqual({ y: 'int32' });
    expect(await both.toArray()).toEqual([
      { y: 1, z: 2 },
      { y: 9, z: 1 },
    ]);
    expect(() => concat([])).toThrow(/non-empty/);
    expect(() => concat([a, [1] as never])).toThrow(/datasets\[1\] is not a Dataset/);
  });
});
