import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';

describe('dataset.map', () => {
  it('applies sync and async functions in order and keeps the size', async () => {
    const ds = fromArray([1, 2, 3]);
    expect(await ds.map((x) => x * x).toArray()).toEqual([1, 4, 9]);
    const later = ds.map(async (x) => `#${x}`);
    expect(later.size).toBe(3);
    expect(await later.toArray()).toEqual(['#1', '#2', '#3']);
  });

  it('drops declared dtypes, since the output is a new element', () => {
    const ds = fromArray([{ y: 1 }]).withDtypes({ y: 'int32' });
    expect(ds.dtypes).toEqual({ y: 'int32' });
    expect(ds.map((r) => r).dtypes).toEqual({});
  });

  it('keeps random access: a shuffle after it maps only the elements pulled so far', async () => {
    let calls = 0;
    const ds = fromArray(Array.from({ length: 1000 }, (_, i) => i))
      .map((i) => {
        calls++;
        return { i };
      })
      .shuffle('all', { seed: 0 });
    for await (const _ of ds) break;
    expect(calls).toBe(1);
  });

  it('rejects a non-function', () => {
    expect(() => fromArray([1]).map(3 as never)).toThrow(ConfigError);
  });
});
