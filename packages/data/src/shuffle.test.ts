import { ConfigError, createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The same elements without random access, so shuffle takes the element-buffer path. */
const streamed = (n: number) => fromGenerator(() => range(n), { size: n });

describe('dataset.shuffle', () => {
  it('is a permutation, for the whole dataset and for a small buffer', async () => {
    for (const buffer of ['all', 7, 1, 1000] as const) {
      const out = await fromArray(range(100)).shuffle(buffer, { seed: 5 }).toArray();
      expect([...out].sort((a, b) => a - b)).toEqual(range(100));
    }
  });

  it('reproduces each epoch from the seed, gives each epoch a new order, and other seeds other orders', async () => {
    const a = fromArray(range(50)).shuffle('all', { seed: 11 });
    const b = fromArray(range(50)).shuffle('all', { seed: 11 });
    const epochsA = [await a.toArray(), await a.toArray(), await a.toArray()];
    const epochsB = [await b.toArray(), await b.toArray(), await b.toArray()];
    expect(epochsA).toEqual(epochsB);
    expect(epochsA[0]).not.toEqual(epochsA[1]);
    expect(epochsA[1]).not.toEqual(epochsA[2]);
    // An explicit epoch gives the order that pass would have had.
    expect(await b.toArray({ epoch: 1 })).toEqual(epochsA[1]);
    const other = await fromArray(range(50)).shuffle('all', { seed: 12 }).toArray();
    expect(other).not.toEqual(epochsA[0]);
    const fixed = fromArray(range(50)).shuffle('all', { seed: 11, reshuffleEachIteration: false });
    expect(await fixed.toArray()).toEqual(epochsA[0]);
    expect(await fixed.toArray()).toEqual(epochsA[0]);
  });

  it('gives the same order whether it shuffles indices (random access) or buffered elements', async () => {
    for (const buffer of ['all', 10] as const) {
      for (const epoch of [0, 3]) {
        const byIndex = await fromArray(range(60)).shuffle(buffer, { seed: 2 }).toArray({ epoch });
        const byElement = await streamed(60).shuffle(buffer, { seed: 2 }).toArray({ epoch });
        expect(byIndex).toEqual(byElement);
      }
    }
  });

  it('keeps tf.data buffer semantics: output p comes from the first p + bufferSize inputs; size 1 is the identity', async () => {
    for (const source of [fromArray(range(200)), streamed(200)]) {
      const out = await source.shuffle(5, { seed: 9 }).toArray();
      out.forEach((x, p) => {
        expect(x).toBeLessThanOrEqual(p + 5 - 1);
      });
      expect(await source.shuffle(1, { seed: 9 }).toArray()).toEqual(range(200));
    }
  });

  it('draws the 6 orders of 3 elements uniformly (chi-square, 5 degrees of freedom)', async () => {
    const ds = fromArray([0, 1, 2]).shuffle('all', { seed: 1 });
    const counts = new Map<string, number>();
    const epochs = 6000;
    for (let e = 0; e < epochs; e++) {
      const key = (await ds.toArray({ epoch: e })).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = epochs / 6;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 20.52 is the 0.999 quantile of chi-square with 5 degrees of freedom; a biased shuffle (e.g. swapping
    // each position with any position) gives a statistic in the hundreds here.
    expect(chi2).toBeLessThan(20.52);
  });

  it('takes its seed from an Rng, reproducibly', async () => {
    const one = await fromArray(range(30)).shuffle('all', createRng(4)).toArray();
    const two = await fromArray(range(30)).shuffle('all', createRng(4)).toArray();
    expect(one).toEqual(two);
    const rng = createRng(4);
    const first = fromArray(range(30)).shuffle('all', rng);
    const second = fromArray(range(30)).shuffle('all', rng);
    expect(await first.toArray()).not.toEqual(await second.toArray());
  });

  it('disposes the tensors left in its buffer when a pass stops early', async () => {
    const before = tf.memory().numTensors;
    const ds = streamed(20)
      .map((i) => tf.scalar(i))
      .shuffle(8, { seed: 0 });
    for await (const t of ds) {
      t.dispose();
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a bad buffer size or seed with a labelled error', () => {
    const ds = fromArray([1, 2]);
    expect(() => ds.shuffle(0, { seed: 1 })).toThrow(
      'dataset.shuffle(bufferSize): must be a positive integer, got 0',
    );
    expect(() => ds.shuffle('all', { seed: -1 })).toThrow(ConfigError);
    expect(() => ds.shuffle('all', { seed: 2 ** 53 })).toThrow(/\[0, 2\^53\)/);
    expect(() => ds.shuffle('all', undefined as never)).toThrow(/\{ seed \} or an Rng/);
    expect(() => ds.shuffle('all', { seed: 1, reshufle: false } as never)).toThrow(
      /unknown option 'reshufle'/,
    );
  });
});
