import { createRegistry } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { type DatasetEntry, strataPlugin } from './strata-plugin.js';

describe('strata/fashion-mnist', () => {
  it('loads Fashion-MNIST like strata/mnist: 28×28×1 inputs, ten classes, a seeded validation split', async () => {
    const entry = createRegistry().use(strataPlugin()).create('strata/fashion-mnist', {}) as DatasetEntry;
    const data = await entry.load({ validation: 2000, seed: 0 });
    expect(data.inputShape).toEqual([null, 28, 28, 1]);
    expect(data.classes).toBe(10);
    expect([data.train.size, data.validation?.size, data.test?.size]).toEqual([58000, 2000, 10000]);
    // Fashion-MNIST's test set has 1,000 images of each class (Xiao et al., 2017), in both sources.
    const counts = new Array(10).fill(0);
    for await (const r of data.test!) counts[r.y]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    expect(() =>
      createRegistry()
        .use(strataPlugin())
        .create('strata/fashion-mnist', { digits: [1] }),
    ).toThrow(/strata\/fashion-mnist/);
  });
});
