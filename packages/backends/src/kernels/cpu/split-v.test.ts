import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';

describe('SplitV on cpu (runs copied whole)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => unregisterTrainingKernels({ backend: 'cpu' }));

  it('equals the stock kernel on every axis, equal and uneven parts, float32, int32 and bool', () => {
    const cases: [number | number[], number][] = [
      [3, 1],
      [[1, 3, 2], 1],
      [[1, 2], 2],
      [2, 0],
      [[2, 4], -2],
    ];
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const data = Array.from({ length: 36 }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 1.5 - 9));
      const run = () =>
        cases.map(([splits, axis]) => {
          const x = tf.tensor3d(data as number[], [2, 6, 3], dtype);
          const parts = tf.split(x, splits, axis);
          const out = parts.map((p) => ({
            shape: p.shape,
            dtype: p.dtype,
            values: Array.from(p.dataSync()),
          }));
          tf.dispose([x, ...parts]);
          return out;
        });
      unregisterTrainingKernels({ backend: 'cpu' });
      const stock = run();
      registerTrainingKernels({ backend: 'cpu' });
      expect(run()).toEqual(stock);
    }
  });
});
