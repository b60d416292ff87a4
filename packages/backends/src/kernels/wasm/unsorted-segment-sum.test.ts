import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type HostTensor, maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { describeOnWasm } from './wasm-suite.test-util.js';

function ids(seed: number, shape: number[], low: number, high: number): HostTensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Int32Array(size);
  for (let i = 0; i < size; i++) values[i] = low + Math.floor(rng.next() * (high - low));
  return { values, shape, dtype: 'int32' };
}

describeOnWasm('UnsortedSegmentSum on wasm', () => {
  it('matches cpu over row shapes, repeated ids and ids outside [0, numSegments) (dropped)', async () => {
    const cases: [number[], number[], number][] = [
      [[10, 3], [10], 4],
      [[12, 2, 5], [12], 7],
      [[20], [20], 6],
    ];
    let seed = 1;
    for (const [xShape, idShape, numSegments] of cases) {
      const x = randomHost(seed++, xShape);
      const segmentIds = ids(seed++, idShape, -1, numSegments + 2);
      const { cpu, wasm } = await onCpuAndWasm('UnsortedSegmentSum', { x, segmentIds }, { numSegments });
      expect(wasm.shape).toEqual(cpu.shape);
      expect(maxRelativeError(wasm.values, cpu.values), `${xShape}`).toBeLessThan(1e-6);
    }
  });

  it('sums int32 rows exactly', async () => {
    const x: HostTensor = {
      values: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      shape: [4, 2],
      dtype: 'int32',
    };
    const segmentIds: HostTensor = { values: Int32Array.from([2, 0, 2, 5]), shape: [4], dtype: 'int32' };
    const { cpu, wasm } = await onCpuAndWasm('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 3 });
    // By hand: segment 0 = row 1, segment 1 = nothing, segment 2 = rows 0 + 2; id 5 is dropped.
    expect(Array.from(wasm.values)).toEqual([3, 4, 0, 0, 6, 8]);
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });

  it('gives gather its gradient on wasm (embedding lookups) without leaking', async () => {
    await tf.setBackend('wasm');
    const table = tf.tensor(randomHost(9, [6, 3]).values, [6, 3]);
    const indices = tf.tensor1d([0, 4, 4, 1], 'int32');
    const before = tf.memory().numTensors;
    const grad = tf.tidy(() => tf.unsortedSegmentSum(tf.ones([4, 3]), indices, 6));
    expect(Array.from(grad.dataSync())).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 0, 0]);
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([table, indices]);
  });
});
