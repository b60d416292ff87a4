import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type HostTensor, randomHost } from '../kernel-parity.js';
import { describeOnCpu, expectNoLeaks, expectStockParity } from './cpu-suite.test-util.js';

describeOnCpu('Sum on cpu', () => {
  it("matches tfjs-backend-cpu's kernel over leading axes (its fast path) and any other reduction", async () => {
    const x = randomHost(1, [5, 3, 4, 7]);
    const cases: [number | number[], boolean][] = [
      [0, false],
      [[0, 1, 2], false],
      [[2, 0, 1], true], // unsorted, keepDims
      [[-4, -3], false], // negative axes
      [[1, 2], false], // inner axes: the stock kernel
      [[0, 1, 2, 3], true], // all axes: the stock kernel
      [3, false],
    ];
    for (const [axis, keepDims] of cases) {
      await expectStockParity(
        'Sum',
        { x },
        { axis, keepDims },
        `axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
      );
    }
    // int32 keeps its dtype through the stock kernel.
    const ints: HostTensor = {
      values: Int32Array.from({ length: 24 }, (_, i) => i - 7),
      shape: [4, 6],
      dtype: 'int32',
    };
    await expectStockParity('Sum', { x: ints }, { axis: 0, keepDims: false }, 'int32');
  });

  it('leaves no tensors behind', () => {
    const x = tf.tensor(randomHost(2, [4, 3, 3, 5]).values, [4, 3, 3, 5]);
    expectNoLeaks(() => tf.sum(x, [0, 1, 2]));
    expectNoLeaks(() => tf.sum(x, [3]));
    expect(tf.sum(x, [0, 1, 2]).shape).toEqual([5]);
    tf.dispose(x);
  });
});
