import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

describeOnWasm('BatchMatMul on wasm (transposed operands)', () => {
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
    const a = tf.tensor(randomHost(1, [8, 5]).values, [8, 5]) as tf.Tensor2D;
    const b = tf.tensor(randomHost(2, [6, 5]).values, [6, 5]) as tf.Tensor2D;
    expectNoLeaks(() =>
      tf.tidy(() => {
        tf.matMul(tf.matMul(a, b, false, true), a, true, false);
      }),
    );
    tf.dispose([a, b]);
  });
});
