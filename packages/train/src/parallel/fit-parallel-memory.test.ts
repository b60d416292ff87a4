import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fit } from '../fit.js';
import { disposeResults as dispose, fixtureModule as module } from './fit-parallel.test-util.js';

describe('fit({ workers }): tensor ownership', () => {
  it('leaks no tensors in any worker over 3 epochs on wasm, and none on the main thread', async () => {
    const before = tf.memory().numTensors;
    const r = await fit({
      workers: { count: 2, module, args: { samples: 200, batch: 32, validation: true }, backend: 'wasm' },
      epochs: 3,
      logEvery: 3,
      callbacks: [{ onBatchEnd: () => undefined }],
    });
    // What a worker holds between epochs: params, state and optimizer state, as many as the result has.
    let held = 0;
    const count = (v: unknown): void => {
      if (v instanceof tf.Tensor) held++;
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(count);
    };
    count([r.params, r.state, r.optState]);
    expect(held).toBe(12); // 4 params, Adam's 4 + 4 moments
    for (const w of r.workers) {
      expect(w.backend).toBe('wasm');
      expect(w.numTensors.start).toBe(held);
      expect(w.epochs.map((e) => e.numTensors)).toEqual([held, held, held]);
      expect(w.numTensors.end).toBe(0);
    }
    dispose(r);
    expect(tf.memory().numTensors).toBe(before);
  });
});
