import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dataset.prefetch', () => {
  it('preserves order when elements take different times to produce', async () => {
    const rng = createRng(0);
    const delays = Array.from({ length: 30 }, () => Math.floor(rng.next() * 3));
    const ds = fromArray(delays.map((d, i) => ({ d, i }))).map(async ({ d, i }) => {
      await sleep(d);
      return i;
    });
    const expected = delays.map((_, i) => i);
    expect(await ds.prefetch(4).toArray()).toEqual(expected);
    expect(ds.prefetch(4).size).toBe(30);
  });

  it('runs n elements ahead of the consumer', async () => {
    let produced = 0;
    const ds = fromGenerator(function* () {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }).prefetch(3);
    const it = ds[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(0);
    await sleep(0);
    expect(produced).toBe(1 + 3);
    await it.return?.();
  });

  it('delivers the elements before an error, then the error', async () => {
    const ds = fromGenerator(function* () {
      yield 1;
      yield 2;
      throw new Error('bad record 3');
    }).prefetch(5);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of ds) seen.push(x);
      })(),
    ).rejects.toThrow('bad record 3');
    expect(seen).toEqual([1, 2]);
  });

  it('disposes batches fetched ahead when the consumer stops early, and closes upstream', async () => {
    let closed = false;
    const source = fromGenerator(function* () {
      try {
        for (let i = 0; i < 100; i++) yield { x: new Float32Array([i]) };
      } finally {
        closed = true;
      }
    });
    const before = tf.memory().numTensors;
    for await (const b of source.batch(4).prefetch(3)) {
      tf.dispose(b);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(closed).toBe(true);
  });
});
