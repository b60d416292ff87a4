import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it, vi } from 'vitest';
import { registerGradients } from '../../gradients/index.js';
import { randomHost } from '../kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';
import { batchMatMulCpuConfig } from './batch-mat-mul.js';
import { cpuOriginals } from './cpu-backend.js';
import { describeOnCpu, expectNoLeaks, expectStockParity } from './cpu-suite.test-util.js';
import { fusedMatMulCpuConfig } from './fused-mat-mul.js';

const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

const transposes = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** [batch, M, K, N] of a stack of [M, K] · [K, N] products. */
type Dims = [number, number, number, number];

/** Random operands of the products `dims` under the transposes. */
function operands(seed: number, [batch, m, k, n]: Dims, ta: boolean, tb: boolean) {
  const a = randomHost(seed, ta ? [batch, k, m] : [batch, m, k]);
  const b = randomHost(seed + 1, tb ? [batch, n, k] : [batch, k, n]);
  return { a, b };
}

describeOnCpu('_FusedMatMul on cpu', () => {
  beforeAll(() => {
    registerGradients();
  });

  it("equals tfjs-backend-cpu's kernel bit for bit with a per-column bias and relu, over transposes and odd sizes", async () => {
    const dims: Dims[] = [
      [1, 1, 1, 1],
      [1, 17, 33, 3],
      [2, 15, 65, 17],
      [1, 33, 17, 65],
      [3, 9, 3, 8],
    ];
    let seed = 1;
    for (const d of dims) {
      for (const [transposeA, transposeB] of transposes) {
        const inputs = {
          ...operands(seed, d, transposeA, transposeB),
          bias: randomHost(seed + 2, [d[3]]),
        };
        seed += 3;
        const attrs = { transposeA, transposeB, activation: 'relu' };
        await expectStockParity('_FusedMatMul', inputs, attrs, `${d} tA ${transposeA} tB ${transposeB}`, 0);
      }
    }
  });

  it('equals it for every activation and every bias shape that broadcasts to the product', async () => {
    const [batch, m, k, n] = [2, 5, 9, 6];
    const biases: Record<string, number[] | undefined> = {
      none: undefined,
      column: [n],
      columnRank2: [1, n],
      columnRank3: [1, 1, n],
      one: [1],
      scalar: [],
      // broadcast over rows or batches too, or of higher rank than the product: tfjs's Add kernel
      rowsAndColumns: [m, n],
      everything: [batch, m, n],
      perBatch: [batch, 1, n],
      rank4: [1, 1, 1, n],
    };
    let seed = 100;
    for (const activation of activations) {
      for (const [name, shape] of Object.entries(biases)) {
        const inputs = {
          ...operands(seed, [batch, m, k, n], false, true),
          ...(shape === undefined ? {} : { bias: randomHost(seed + 2, shape) }),
          ...(activation === 'prelu' ? { preluActivationWeights: randomHost(seed + 3, [n]) } : {}),
        };
        seed += 4;
        const attrs = { transposeA: false, transposeB: true, activation, leakyreluAlpha: 0.1 };
        await expectStockParity('_FusedMatMul', inputs, attrs, `${activation} bias ${name}`, 0);
      }
    }
  });

  it('handles empty dimensions, and k = 0 gives the activation of the bias', async () => {
    const empty: Dims[] = [
      [1, 0, 4, 3],
      [2, 3, 4, 0],
      [0, 3, 4, 2],
      [2, 3, 0, 4],
    ];
    for (const d of empty) {
      const inputs = { ...operands(1, d, false, false), bias: randomHost(3, [d[3]]) };
      const attrs = { transposeA: false, transposeB: false, activation: 'relu' };
      await expectStockParity('_FusedMatMul', inputs, attrs, `${d}`, 0);
    }
    registerTrainingKernels({ backend: 'cpu' });
    const bias = tf.tensor1d([-1, 2, -3]);
    const a = tf.zeros([1, 2, 0]);
    const b = tf.zeros([1, 0, 3]);
    const y = tf.engine().runKernel(
      '_FusedMatMul',
      { a, b, bias },
      {
        transposeA: false,
        transposeB: false,
        activation: 'relu',
      },
    ) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([0, 2, 0, 0, 2, 0]);
    tf.dispose([bias, a, b, y]);
  });

  it('sends int32 operands to the stock kernel whole', async () => {
    registerTrainingKernels({ backend: 'cpu' });
    const stock = cpuOriginals.get('_FusedMatMul') as tf.KernelConfig;
    const spy = vi.spyOn(stock, 'kernelFunc');
    const attrs = { transposeA: false, transposeB: false, activation: 'relu' };
    const a = tf.tensor3d([1, -2, 3, 4], [1, 2, 2], 'int32');
    const b = tf.tensor3d([2, 0, -1, 1], [1, 2, 2], 'int32');
    const y = tf.engine().runKernel('_FusedMatMul', { a, b }, attrs) as tf.Tensor;
    expect(spy).toHaveBeenCalledTimes(1);
    // By hand: [[1·2 − 2·(−1), 1·0 − 2·1], [3·2 + 4·(−1), 3·0 + 4·1]] = [[4, −2], [2, 4]], relu.
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([4, 0, 2, 4]);
    const f = tf
      .engine()
      .runKernel('_FusedMatMul', { a: tf.cast(a, 'float32'), b: tf.cast(b, 'float32') }, attrs);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(Array.from((f as tf.Tensor).dataSync())).toEqual([4, 0, 2, 4]);
    spy.mockRestore();
    tf.dispose([a, b, y, f as tf.Tensor]);
  });

  it("dense-layer gradients (tf.fused.matMul, bias, linear and relu) match finite differences and equal the stock kernels'", () => {
    const x = randomNormal(createRng(1), [7, 5]);
    const w = randomNormal(createRng(2), [5, 4]);
    const bias = randomNormal(createRng(3), [4]);
    const dense = (activation: 'linear' | 'relu') => (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.fused.matMul({ a: xs as tf.Tensor2D, b: ws as tf.Tensor2D, bias: bs, activation });
    registerTrainingKernels({ backend: 'cpu' });
    const fusedSpy = vi.spyOn(fusedMatMulCpuConfig, 'kernelFunc');
    const matMulSpy = vi.spyOn(batchMatMulCpuConfig, 'kernelFunc');
    for (const activation of ['linear', 'relu'] as const) {
      registerTrainingKernels({ backend: 'cpu' });
      const report = checkGradients(dense(activation), [x, w, bias], {
        step: 1e-2,
        piece: (y) => (y > 0 ? 1 : 0),
      });
      expect(report.failures, activation).toEqual([]);
      expect(report.checked, activation).toBeGreaterThan(40);
      const dy = randomNormal(createRng(4), [7, 4]);
      const grads = () => tf.grads(dense(activation))([x, w, bias], dy);
      const strata = grads();
      unregisterTrainingKernels({ backend: 'cpu' });
      const stock = grads();
      for (const [i, g] of strata.entries()) {
        expect(g.shape).toEqual(stock[i]?.shape);
        expect(Array.from(g.dataSync()), activation).toEqual(Array.from((stock[i] as tf.Tensor).dataSync()));
      }
      tf.dispose([dy, ...strata, ...stock]);
    }
    // tfjs fuses linear under a gradient (forward _FusedMatMul) and not relu (matMul, add, relu);
    // both backward passes are BatchMatMul products with a transposed operand.
    expect(fusedSpy).toHaveBeenCalled();
    expect(matMulSpy.mock.calls.some(([c]) => (c.attrs as { transposeA: boolean }).transposeA)).toBe(true);
    expect(matMulSpy.mock.calls.some(([c]) => (c.attrs as { transposeB: boolean }).transposeB)).toBe(true);
    vi.restoreAllMocks();
    tf.dispose([x, w, bias]);
  });

  it('leaves no tensors behind, also through the stock bias and activation kernels', () => {
    const a = tf.tensor(randomHost(1, [2, 6, 5]).values, [2, 6, 5]);
    const b = tf.tensor(randomHost(2, [5, 3]).values, [1, 5, 3]);
    const column = tf.tensor(randomHost(3, [3]).values, [3]);
    const rows = tf.tensor(randomHost(4, [6, 3]).values, [6, 3]);
    const run = (bias: tf.Tensor, activation: string) => () =>
      tf
        .engine()
        .runKernel(
          '_FusedMatMul',
          { a, b, bias },
          { transposeA: false, transposeB: false, activation },
        ) as tf.Tensor;
    expectNoLeaks(run(column, 'relu'));
    expectNoLeaks(run(rows, 'relu'));
    expectNoLeaks(run(column, 'elu'));
    expectNoLeaks(run(rows, 'sigmoid'));
    tf.dispose([a, b, column, rows]);
  });
});
