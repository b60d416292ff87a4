import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type HostTensor, maxRelativeError, randomHost } from '../kernel-parity.js';
import { describeOnCpu, expectNoLeaks, expectStockParity, stockAndStrata } from './cpu-suite.test-util.js';

/** The pooled output, as the kernel's third input (tfjs's cpu kernel does not read it). */
function pooled(x: HostTensor, attrs: { filterSize: number; strides: number; pad: unknown }): HostTensor {
  return tf.tidy(() => {
    const y = tf.maxPool(
      tf.tensor4d(x.values, x.shape as never),
      attrs.filterSize,
      attrs.strides,
      attrs.pad as never,
    );
    return { values: y.dataSync() as Float32Array, shape: y.shape, dtype: 'float32' };
  });
}

const explicit = [
  [0, 0],
  [1, 0],
  [0, 2],
  [0, 0],
];

describeOnCpu('MaxPoolGrad on cpu', () => {
  it("matches tfjs-backend-cpu's kernel over windows, strides, SAME/VALID/explicit padding and odd shapes", async () => {
    let seed = 1;
    for (const shape of [
      [2, 7, 6, 3],
      [3, 5, 9, 1],
      [1, 8, 8, 5],
    ]) {
      for (const filterSize of [2, 3]) {
        for (const strides of [1, 2, 3]) {
          for (const pad of ['same', 'valid', explicit]) {
            const attrs = { filterSize, strides, pad };
            const input = randomHost(seed++, shape);
            const output = pooled(input, attrs);
            const dy = randomHost(seed++, output.shape);
            const where = `${shape} k${filterSize} s${strides} ${JSON.stringify(pad)}`;
            await expectStockParity('MaxPoolGrad', { dy, input, output }, attrs, where);
          }
        }
      }
    }
  });

  it('routes ties to the first maximum and passes nothing through windows of NaN or -Infinity, as stock', async () => {
    // Values from {-1, 0, 1}: most windows hold a tie. Overlapping 3×3 windows with stride 1 also
    // send several windows' gradients to one pixel.
    const input = randomHost(3, [2, 6, 6, 2]);
    input.values = input.values.map((v) => Math.round(v));
    input.values.fill(Number.NaN, 0, 8);
    input.values.fill(Number.NEGATIVE_INFINITY, 24, 36);
    const attrs = { filterSize: 3, strides: 1, pad: 'valid' };
    const output = pooled(input, attrs);
    const dy = randomHost(4, output.shape);
    const { stock, strata } = await stockAndStrata('MaxPoolGrad', { dy, input, output }, attrs);
    // The same pixels receive gradient; where several windows add up, float32 rounding may differ.
    const routed = (v: ArrayLike<number>) => Array.from(v, (g) => g !== 0);
    expect(routed(strata.values)).toEqual(routed(stock.values));
    expect(maxRelativeError(strata.values, stock.values)).toBeLessThan(1e-6);
    expect(strata.values.slice(0, 8).every((g) => g === 0)).toBe(true); // no maximum in the NaN pixels
  });

  it('leaves no tensors behind', () => {
    const input = randomHost(5, [2, 6, 6, 3]);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const output = pooled(input, attrs);
    const ts = [input, output, randomHost(6, output.shape)].map((t) => tf.tensor(t.values, t.shape));
    const [x, y, dy] = ts as [tf.Tensor, tf.Tensor, tf.Tensor];
    expectNoLeaks(
      () => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs) as tf.Tensor,
    );
    tf.dispose(ts);
  });
});
