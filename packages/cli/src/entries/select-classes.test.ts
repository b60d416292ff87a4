import { createRegistry } from '@strata/core';
import { fromArray } from '@strata/data';
import { describe, expect, it } from 'vitest';
import { selectClasses } from './select-classes.js';
import { type DatasetEntry, strataPlugin } from './strata-plugin.js';

const rows = (labels: number[]) => fromArray(labels.map((y, i) => ({ x: i, y })));

async function collect(ds: AsyncIterable<{ x: unknown; y: number }>) {
  const out: [unknown, number][] = [];
  for await (const r of ds) out.push([r.x, r.y]);
  return out;
}

describe('selectClasses', () => {
  it('keeps the given classes in every split, renumbered in the order given', async () => {
    const data = await selectClasses(
      { train: rows([8, 1, 3, 8]), test: rows([3, 3, 9]), inputShape: [null, 1], classes: 10 },
      [8, 3],
      'test',
    );
    expect(await collect(data.train)).toEqual([
      [0, 0],
      [2, 1],
      [3, 0],
    ]);
    expect(await collect(data.test!)).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(data.classes).toBe(2);
  });

  it('refuses classes the data set does not have, repeats, and fewer than two', async () => {
    const data = { train: rows([0, 1]), inputShape: [null, 1] as const, classes: 10 };
    await expect(selectClasses(data, [3, 10], 'strata/mnist({digits})')).rejects.toThrow(
      /strata\/mnist\(\{digits\}\).*class 10 is not one of the data set's classes 0…9/,
    );
    await expect(selectClasses(data, [3, 3], 'x')).rejects.toThrow(/at least two distinct classes/);
    await expect(selectClasses(data, [3], 'x')).rejects.toThrow(/at least two distinct classes/);
  });

  it("is strata/mnist's digits option: 3 against 8 from the real MNIST test set", async () => {
    const entry = createRegistry()
      .use(strataPlugin())
      .create('strata/mnist', { digits: [3, 8] }) as DatasetEntry;
    const data = await entry.load({ validation: 0, seed: 0 });
    const labels = (await collect(data.test!)).map(([, y]) => y);
    // MNIST's 10,000 test images hold 1,010 threes and 974 eights (LeCun et al.'s published counts).
    expect(labels.filter((y) => y === 0)).toHaveLength(1010);
    expect(labels.filter((y) => y === 1)).toHaveLength(974);
    expect(data.classes).toBe(2);
  });
});
