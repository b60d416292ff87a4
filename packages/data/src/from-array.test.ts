import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';

describe('fromArray', () => {
  it('yields the items in order on every pass, and knows its size', async () => {
    const ds = fromArray(['a', 'b', 'c']);
    const passes: string[][] = [];
    for (let e = 0; e < 2; e++) {
      const seen: string[] = [];
      for await (const x of ds) seen.push(x);
      passes.push(seen);
    }
    expect(passes).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    expect(ds.size).toBe(3);
    expect(ds.cardinality()).toBe(3);
    expect(await fromArray([]).toArray()).toEqual([]);
  });

  it('takes array-likes such as an Int32Array of indices', async () => {
    expect(await fromArray(Int32Array.of(4, 2, 9)).toArray()).toEqual([4, 2, 9]);
  });

  it('rejects a non-array and a bad epoch with labelled errors', () => {
    expect(() => fromArray(3 as never)).toThrow(ConfigError);
    expect(() => fromArray(null as never)).toThrow(
      'fromArray(items): items must be an array or array-like, got null',
    );
    expect(() => fromArray([1]).iterate({ epoch: -1 })).toThrow(
      'dataset.iterate({epoch}): must be a non-negative integer, got -1',
    );
    expect(() => fromArray([1]).iterate({ epochs: 1 } as never)).toThrow(/unknown option 'epochs'/);
  });
});
