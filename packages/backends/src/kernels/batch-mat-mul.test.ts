import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from './kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';

describe('BatchMatMul on wasm (transposed operands)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerTrainingKernels();
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('matches cpu for every transpose combination, rank 2 and 3, batch 1 and batched', async () => {
    let seed = 1;
    const dims: [number, number, number][] = [
      [5, 7, 3],
      [16, 9, 12],
      [1, 4, 6],
    ];
    for (const [m, k, n] of dims) {
      for (const batch of [[], [1], [3]]) {
        for (const transposeA of [false, true]) {
          for (const transposeB of [false, true]) {
            const a = randomHost(seed++, [...batch, ...(transposeA ? [k, m] : [m, k])]);
            const b = randomHost(seed++, [...batch, ...(transposeB ? [n, k] : [k, n])]);
            const { cpu, wasm } = await onCpuAndWasm('BatchMatMul', { a, b }, { transposeA, transposeB });
            const where = `${[m, k, n]} batch ${batch} tA ${transposeA} tB ${transposeB}`;
            expect(wasm.shape, where).toEqual(cpu.shape);
            expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
          }
        }
      }
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.tensor(randomHost(1, [8, 5]).values, [8, 5]) as tf.Tensor2D;
    const b = tf.tensor(randomHost(2, [6, 5]).values, [6, 5]) as tf.Tensor2D;
    const before = { tensors: tf.memory().numTensors, ids: backend.numDataIds() };
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        tf.matMul(tf.matMul(a, b, false, true), a, true, false);
      });
    }
    expect({ tensors: tf.memory().numTensors, ids: backend.numDataIds() }).toEqual(before);
    tf.dispose([a, b]);
  });
});
