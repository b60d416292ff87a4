import { ConfigError, DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromGenerator } from './from-generator.js';

describe('fromGenerator', () => {
  it('calls the function anew for each pass, with the epoch, for sync and async iterables', async () => {
    const epochs: number[] = [];
    const ds = fromGenerator(function* ({ epoch }) {
      epochs.push(epoch);
      for (let i = 0; i < 3; i++) yield i + 10 * epoch;
    });
    expect(await ds.toArray()).toEqual([0, 1, 2]);
    expect(await ds.toArray()).toEqual([10, 11, 12]);
    expect(epochs).toEqual([0, 1]);
    expect(ds.size).toBeUndefined();
    const later = fromGenerator(async function* () {
      yield await Promise.resolve('x');
      yield 'y';
    });
    expect(await later.toArray()).toEqual(['x', 'y']);
  });

  it('checks a declared size at the end of each pass', async () => {
    const ok = fromGenerator(() => [1, 2, 3], { size: 3 });
    expect(ok.size).toBe(3);
    expect(await ok.toArray()).toEqual([1, 2, 3]);
    await expect(fromGenerator(() => [1, 2], { size: 3 }).toArray()).rejects.toThrow(
      'fromGenerator: declared size 3, but the generator yielded 2 elements; fix size or leave it out',
    );
  });

  it('rejects what is not a generator function', async () => {
    expect(() => fromGenerator([1, 2] as never)).toThrow(ConfigError);
    expect(() => fromGenerator(() => [], { size: -1 })).toThrow(/non-negative integer/);
    await expect(fromGenerator((() => 5) as never).toArray()).rejects.toThrow(DataError);
  });
});
