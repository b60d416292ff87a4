import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { describeOnWasm } from './wasm-suite.test-util.js';

describeOnWasm('Sum on wasm (leading axes)', () => {
  it('matches cpu for leading, inner, mixed, negative and full reductions, with and without keepDims', async () => {
    const shape = [3, 5, 4, 7];
    const axes: (number | number[])[] = [
      0,
      [0, 1],
      [0, 1, 2],
      [1, 0],
      [-4, -3],
      3,
      [2, 3],
      [0, 2],
      [0, 1, 2, 3],
    ];
    let seed = 1;
    for (const axis of axes) {
      for (const keepDims of [false, true]) {
        const x = randomHost(seed++, shape);
        const { cpu, wasm } = await onCpuAndWasm('Sum', { x }, { axis, keepDims });
        expect(wasm.shape, `${axis} ${keepDims}`).toEqual(cpu.shape);
        expect(maxRelativeError(wasm.values, cpu.values), `${axis} ${keepDims}`).toBeLessThan(1e-5);
      }
    }
  });

  it('leaves int32 sums to the original kernel and leaks nothing', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const before = tf.memory().numTensors;
    const s = tf.sum(x, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([9, 12]);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
