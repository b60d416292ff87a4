import { BackendError } from '@strata/core';
import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { multiply } from './batch-mat-mul.js';
import { asCpuBackend, type CpuBackend, floats, runStockCpu } from './cpu-backend.js';

const label = '_FusedMatMul (cpu)';

/** The stock kernel that applies each activation other than linear and relu (as tfjs's cpu _FusedMatMul). */
const activationKernels = {
  elu: 'Elu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
} as const;

/**
 * A bias that is one value per output column (shape [N], [1, N], …) or one value for all, expanded
 * to N values; null for any other bias, and for one of higher rank than the product, whose
 * broadcast adds leading dimensions to the output.
 */
function columnBias(backend: CpuBackend, bias: TensorInfo, n: number, outRank: number): Float64Array | null {
  if (bias.shape.length > outRank) return null;
  const size = bias.shape.reduce((p, q) => p * q, 1);
  const last = bias.shape[bias.shape.length - 1] ?? 1;
  const values = floats(backend, bias, label);
  if (size === 1) return new Float64Array(n).fill(values[0] as number);
  if (size === n && last === n) return Float64Array.from(values);
  return null;
}

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
  const perColumn = bias === undefined ? null : columnBias(backend, bias, n, rank);
  const fuseBias = bias === undefined || perColumn !== null;
  const fuseRelu = fuseBias && activation === 'relu';
  let y = multiply(backend, a, b, transposeA, transposeB, { bias: perColumn, relu: fuseRelu }, label);
  if (y === null) return runStockCpu(backend, _FusedMatMul, args.inputs as never, args.attrs as never);
  if (!fuseBias && bias !== undefined) {
    const sum = runStockCpu(backend, 'Add', { a: y, b: bias });
    backend.disposeIntermediateTensorInfo(y);
    y = sum;
  }
  if (activation === 'relu' && !fuseRelu) {
    const out = runStockCpu(backend, 'Relu', { x: y });
    backend.disposeIntermediateTensorInfo(y);
    y = out;
  } else if (activation !== undefined && activation !== 'linear' && activation !== 'relu') {
    const kernel = activationKernels[activation];
    if (kernel === undefined) {
      throw new BackendError(label, `activation ${String(activation)} is not supported on cpu`);
    }
    const inputs = kernel === 'Prelu' ? { x: y, alpha: preluActivationWeights as TensorInfo } : { x: y };
    const out = runStockCpu(backend, kernel, inputs, { alpha: leakyreluAlpha as number });
    backend.disposeIntermediateTensorInfo(y);
    y = out;
  }
  return y;
}

export const fusedMatMulCpuConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'cpu',
  kernelFunc: fusedMatMulCpu as unknown as KernelFunc,
};
