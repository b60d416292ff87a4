import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type HostTensor, maxRelativeError, onCpuAndWasm, randomHost } from '../kernel-parity.js';
import { describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

async function compare(
  x: HostTensor,
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: 'same' | 'valid',
  seed: number,
) {
  await tf.setBackend('cpu');
  const input = tf.tensor4d(x.values, x.shape as [number, number, number, number]);
  const y = tf.maxPool(input, filterSize, strides, pad);
  const output: HostTensor = {
    values: y.dataSync().slice() as Float32Array,
    shape: y.shape,
    dtype: 'float32',
  };
  tf.dispose([input, y]);
  const dy = randomHost(seed, output.shape);
  const attrs = { filterSize, strides, pad };
  return onCpuAndWasm('MaxPoolGrad', { dy, input: x, output }, attrs);
}

describeOnWasm('MaxPoolGrad on wasm', () => {
  it('matches cpu within 1e-4 over window sizes, strides 1–3 and SAME/VALID padding', async () => {
    let seed = 1;
    // 6 channels: one SIMD group of four plus a scalar remainder.
    for (const shape of [
      [2, 7, 8, 6],
      [1, 9, 9, 3],
      [3, 6, 5, 8],
    ]) {
      for (const filterSize of [2, 3, [2, 3]] as const) {
        for (const strides of [1, 2, 3] as const) {
          for (const pad of ['same', 'valid'] as const) {
            const { cpu, wasm } = await compare(
              randomHost(seed++, shape),
              filterSize as never,
              strides,
              pad,
              seed++,
            );
            const where = `${shape} f${filterSize} s${strides} ${pad}`;
            expect(wasm.shape, where).toEqual(cpu.shape);
            expect(maxRelativeError(wasm.values, cpu.values), where).toBeLessThan(1e-4);
          }
        }
      }
    }
  });

  it('routes ties to the first maximum of the window, as cpu does (relu zeros)', async () => {
    // Rounded, relu-clipped values: many windows are all zero or hold equal maxima.
    const x = randomHost(42, [2, 8, 8, 5]);
    x.values = x.values.map((v) => Math.max(0, Math.round(v * 2) / 2));
    for (const strides of [1, 2] as const) {
      const { cpu, wasm } = await compare(x, 2, strides, 'same', 43);
      // Overlapping windows (stride 1) add in another order: equal up to float rounding, while a
      // tie sent to another position would differ by a whole dy value.
      expect(maxRelativeError(wasm.values, cpu.values)).toBeLessThan(1e-6);
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomHost(5, [2, 6, 6, 4]).values, [2, 6, 6, 4]) as tf.Tensor4D;
    expectNoLeaks(() =>
      tf.tidy(() => {
        const y = tf.maxPool(x, 2, 2, 'valid');
        tf.engine().runKernel(
          'MaxPoolGrad',
          { dy: y, input: x, output: y },
          { filterSize: 2, strides: 2, pad: 'valid' },
        );
      }),
    );
    x.dispose();
  });
});
