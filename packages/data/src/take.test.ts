import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

describe('dataset.take', () => {
  it('gives the first n elements and the matching size', async () => {
    const ds = fromArray([1, 2, 3, 4]);
    expect(await ds.take(2).toArray()).toEqual([1, 2]);
    expect(await ds.take(0).toArray()).toEqual([]);
    expect(await ds.take(9).toArray()).toEqual([1, 2, 3, 4]);
    expect([ds.take(2).size, ds.take(9).size, ds.repeat().take(5).size]).toEqual([2, 4, 5]);
  });

  it('stops pulling from upstream, so it ends an endless source and closes it', async () => {
    let pulled = 0;
    let closed = false;
    const endless = fromGenerator(function* () {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield i;
        }
      } finally {
        closed = true;
      }
    });
    expect(await endless.take(3).toArray()).toEqual([0, 1, 2]);
    expect(pulled).toBe(3);
    expect(closed).toBe(true);
  });

  it('rejects a negative count', () => {
    expect(() => fromArray([1]).take(-1)).toThrow('dataset.take(n): must be a non-negative integer, got -1');
  });
});
