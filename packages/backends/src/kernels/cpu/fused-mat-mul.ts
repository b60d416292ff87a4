import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { multiply } from './batch-mat-mul.js';
import { asCpuBackend, runStockCpu } from './cpu-backend.js';
import { finishFused, lastAxisBias } from './fused-epilogue.js';

const label = '_FusedMatMul (cpu)';

/**
 * Matrix product + bias + activation on cpu (the forward kernel of `tf.fused.matMul` and of Strata's
 * dense layers): the product of {@link multiply} with a per-column bias and relu applied as each
 * output row is stored, where tfjs-backend-cpu 4.22 runs its slower BatchMatMul and then one pass
 * for the bias and another for the activation: 32 ms against 4.4 ms here for the benchmark MLP's
 * 784→256 relu layer at batch 64 (README), with the same values bit for bit. Other biases (broadcast over more than the columns)
 * and the other activations (elu, relu6, sigmoid, leakyrelu, prelu) run through tfjs's own cpu
 * kernels on the product, exactly as its _FusedMatMul does; dtypes other than float32 and
 * broadcasts {@link multiply} does not take go to tfjs's kernel whole.
 */
export function fusedMatMulCpu(args: {
  inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  attrs: _FusedMatMulAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { a, b, bias, preluActivationWeights } = args.inputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs;
  const rank = Math.max(a.shape.length, b.shape.length);
  const n = b.shape[b.shape.length - (transposeB ? 2 : 1)] ?? 0;
  const perColumn = bias === undefined ? null : lastAxisBias(backend, bias, n, rank, label);
  const fuseBias = bias === undefined || perColumn !== null;
  const fuseRelu = fuseBias && activation === 'relu';
  const y = multiply(backend, a, b, transposeA, transposeB, { bias: perColumn, relu: fuseRelu }, label);
  if (y === null) return runStockCpu(backend, _FusedMatMul, args.inputs as never, args.attrs as never);
  return finishFused(
    backend,
    y,
    { bias, biasFused: fuseBias, reluFused: fuseRelu, activation, preluActivationWeights, leakyreluAlpha },
    label,
  );
}

export const fusedMatMulCpuConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'cpu',
  kernelFunc: fusedMatMulCpu as unknown as KernelFunc,
};
