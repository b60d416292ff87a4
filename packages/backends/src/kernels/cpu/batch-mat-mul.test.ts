import * as tf from '@tensorflow/tfjs-core';
import { expect, it, vi } from 'vitest';
import { type HostTensor, maxRelativeError, randomHost } from '../kernel-parity.js';
import { registerTrainingKernels } from '../register-training-kernels.js';
import { cpuOriginals } from './cpu-backend.js';
import { describeOnCpu, expectNoLeaks, expectStockParity, stockAndStrata } from './cpu-suite.test-util.js';

const transposes = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** [M, K, N]: 1, odd sizes, rows left over after blocks of eight (M % 8), k left over (K % 8). */
const sizes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 3],
  [15, 65, 17],
  [33, 17, 65],
  [65, 3, 33],
  [8, 8, 1],
  [16, 9, 2],
];

/** The operands' shapes for an [M, K] · [K, N] product under the transposes. */
function shapes(m: number, k: number, n: number, ta: boolean, tb: boolean): [number[], number[]] {
  return [ta ? [k, m] : [m, k], tb ? [n, k] : [k, n]];
}

/** a · b in float64 by the definition, for rank-2 operands. */
function product(a: HostTensor, b: HostTensor, ta: boolean, tb: boolean): Float64Array {
  const [r, c] = a.shape as [number, number];
  const m = ta ? c : r;
  const k = ta ? r : c;
  const n = tb ? (b.shape[0] as number) : (b.shape[1] as number);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = a.values[ta ? p * m + i : i * k + p] as number;
        const y = b.values[tb ? j * k + p : p * n + j] as number;
        s += x * y;
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

describeOnCpu('BatchMatMul on cpu', () => {
  it("equals tfjs-backend-cpu's kernel bit for bit, and the float64 product within 1e-6, over transposes and odd sizes", async () => {
    let seed = 1;
    for (const [m, k, n] of sizes) {
      for (const [transposeA, transposeB] of transposes) {
        const [sa, sb] = shapes(m, k, n, transposeA, transposeB);
        const a = randomHost(seed++, sa);
        const b = randomHost(seed++, sb);
        const where = `[${m}, ${k}, ${n}] tA ${transposeA} tB ${transposeB}`;
        const { stock, strata } = await stockAndStrata('BatchMatMul', { a, b }, { transposeA, transposeB });
        expect(strata.shape, where).toEqual([m, n]);
        expect(strata.dtype, where).toBe('float32');
        expect(Array.from(strata.values), where).toEqual(Array.from(stock.values));
        expect(maxRelativeError(strata.values, product(a, b, transposeA, transposeB)), where).toBeLessThan(
          1e-6,
        );
      }
    }
  });

  it('broadcasts batch dimensions as the stock kernel does, rank-2 operands included, with the same values', async () => {
    const [m, k, n] = [5, 9, 3];
    // Leading dims of a and b; the last is general broadcasting, which goes to the stock kernel.
    const batches: [number[], number[]][] = [
      [[2], [2]],
      [[1], [3]],
      [[3], []],
      [[], [2]],
      [
        [2, 3],
        [2, 3],
      ],
      [
        [2, 3],
        [1, 1],
      ],
      [[1], [1, 4]],
      [[2, 3], [3]],
    ];
    let seed = 100;
    for (const [da, db] of batches) {
      for (const [transposeA, transposeB] of transposes) {
        const [sa, sb] = shapes(m, k, n, transposeA, transposeB);
        const inputs = { a: randomHost(seed++, [...da, ...sa]), b: randomHost(seed++, [...db, ...sb]) };
        const where = `batch ${JSON.stringify(da)} × ${JSON.stringify(db)} tA ${transposeA} tB ${transposeB}`;
        await expectStockParity('BatchMatMul', inputs, { transposeA, transposeB }, where, 0);
      }
    }
  });

  it('handles empty dimensions: no rows, no columns, no batch, and k = 0 (zeros)', async () => {
    const cases: [number[], number[]][] = [
      [
        [0, 4],
        [4, 3],
      ],
      [
        [2, 4],
        [4, 0],
      ],
      [
        [0, 2, 4],
        [0, 4, 3],
      ],
      [
        [2, 0],
        [0, 3],
      ],
    ];
    for (const [sa, sb] of cases) {
      const inputs = { a: randomHost(1, sa), b: randomHost(2, sb) };
      const where = `${JSON.stringify(sa)} · ${JSON.stringify(sb)}`;
      await expectStockParity('BatchMatMul', inputs, { transposeA: false, transposeB: false }, where, 0);
    }
    registerTrainingKernels({ backend: 'cpu' });
    const y = tf.matMul(tf.zeros([2, 0]), tf.zeros([0, 3]));
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose(y);
  });

  it('runs float32 products itself and sends int32 and general batch broadcasting to the stock kernel', async () => {
    registerTrainingKernels({ backend: 'cpu' });
    const stock = cpuOriginals.get('BatchMatMul') as tf.KernelConfig;
    const spy = vi.spyOn(stock, 'kernelFunc');
    const attrs = { transposeA: true, transposeB: true };
    const run = (a: tf.Tensor, b: tf.Tensor) => {
      tf.dispose(tf.engine().runKernel('BatchMatMul', { a, b }, attrs));
      tf.dispose([a, b]);
    };
    run(tf.ones([2, 4, 3]), tf.ones([1, 5, 4]));
    expect(spy).not.toHaveBeenCalled();
    run(tf.ones([2, 3, 4, 3], 'int32'), tf.ones([2, 3, 5, 4], 'int32'));
    expect(spy).toHaveBeenCalledTimes(1);
    run(tf.ones([2, 3, 4, 3]), tf.ones([3, 5, 4]));
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    const ints = (seed: number, shape: number[]): HostTensor => {
      const { values } = randomHost(seed, shape);
      return { values: Int32Array.from(values, (v) => Math.round(4 * v)), shape, dtype: 'int32' };
    };
    const inputs = { a: ints(1, [3, 4]), b: ints(2, [2, 3]) };
    const { stock: s, strata } = await stockAndStrata('BatchMatMul', inputs, attrs);
    expect(strata.dtype).toBe('int32');
    expect(Array.from(strata.values)).toEqual(Array.from(s.values));
  });

  it('leaves no tensors behind, on its own path and the stock one', () => {
    const a = tf.tensor(randomHost(3, [2, 9, 7]).values, [2, 9, 7]);
    const b = tf.tensor(randomHost(4, [2, 5, 7]).values, [2, 5, 7]);
    const c = tf.tensor(randomHost(5, [2, 9, 4]).values, [2, 9, 4]);
    expectNoLeaks(() => tf.matMul(a, b, false, true));
    expectNoLeaks(() => tf.matMul(a, c, true, false));
    // [2, 2, 9, 7] · [2, 5, 7]ᵀ: general batch broadcasting, the stock kernel.
    const d = tf.tensor(randomHost(6, [2, 2, 9, 7]).values, [2, 2, 9, 7]);
    expectNoLeaks(() => tf.matMul(d, b, false, true));
    tf.dispose([a, b, c, d]);
  });
});
