import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

describe('dataset.map({ concurrency })', () => {
  it('keeps input order with at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const fn = async (x: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later elements finish first.
      await new Promise((resolve) => setTimeout(resolve, 20 - x));
      inFlight--;
      return x * x;
    };
    const xs = Array.from({ length: 20 }, (_, i) => i);
    // A generator source, so the concurrent pass (not random access) does the work.
    const ds = fromGenerator(() => xs).map(fn, { concurrency: 3 });
    expect(await ds.toArray()).toEqual(xs.map((x) => x * x));
    expect(most).toBe(3);
  });

  it('passes errors through in order and disposes results in flight when a pass stops early', async () => {
    const failing = fromGenerator(() => [1, 2, 3]).map(
      async (x) => {
        if (x === 2) throw new Error('bad 2');
        return x;
      },
      { concurrency: 3 },
    );
    await expect(failing.toArray()).rejects.toThrow('bad 2');
    const before = tf.memory().numTensors;
    const tensors = fromGenerator(() => [1, 2, 3, 4, 5]).map(async (x) => tf.scalar(x), { concurrency: 4 });
    for await (const t of tensors) {
      t.dispose();
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => fromArray([1]).map((x) => x, { concurrency: 0 })).toThrow(/positive integer/);
  });
});
