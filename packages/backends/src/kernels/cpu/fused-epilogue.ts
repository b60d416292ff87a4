import { BackendError } from '@strata/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type CpuBackend, floats, runStockCpu } from './cpu-backend.js';

/*
 * What Strata's fused cpu kernels (FusedConv2D, _FusedMatMul) share: the bias and activation their
 * loops fuse into the store, and the rest, applied afterwards with tfjs's own cpu kernels exactly as
 * tfjs-backend-cpu's fused kernels apply them.
 */

/** The stock kernel that applies each activation other than linear and relu. */
const activationKernels = {
  elu: 'Elu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
} as const;

/**
 * A bias that is one value per output channel (the output's last axis, n long: shape [n], [1, n], …)
 * or one value for all, expanded to n values; null for any other bias, and for one of higher rank than
 * the output, whose broadcast adds leading dimensions to it.
 */
export function lastAxisBias(
  backend: CpuBackend,
  bias: TensorInfo,
  n: number,
  outRank: number,
  label: string,
): Float64Array | null {
  if (bias.shape.length > outRank) return null;
  const size = bias.shape.reduce((p, q) => p * q, 1);
  const last = bias.shape[bias.shape.length - 1] ?? 1;
  const values = floats(backend, bias, label);
  if (size === 1) return new Float64Array(n).fill(values[0] as number);
  if (size === n && last === n) return Float64Array.from(values);
  return null;
}

/** What a fused kernel asked for and what its loop already applied. */
export interface Epilogue {
  readonly bias: TensorInfo | undefined;
  readonly biasFused: boolean;
  readonly reluFused: boolean;
  readonly activation: string | undefined;
  readonly preluActivationWeights: TensorInfo | undefined;
  readonly leakyreluAlpha: number | undefined;
}

/** Applies to `y` the bias and activation the loop did not fuse; disposes each replaced intermediate. */
export function finishFused(backend: CpuBackend, y: TensorInfo, e: Epilogue, label: string): TensorInfo {
  let out = y;
  const replace = (next: TensorInfo) => {
    backend.disposeIntermediateTensorInfo(out);
    out = next;
  };
  if (!e.biasFused && e.bias !== undefined) replace(runStockCpu(backend, 'Add', { a: out, b: e.bias }));
  const { activation } = e;
  if (activation === 'relu' && !e.reluFused) {
    replace(runStockCpu(backend, 'Relu', { x: out }));
  } else if (activation !== undefined && activation !== 'linear' && activation !== 'relu') {
    const kernel = activationKernels[activation as keyof typeof activationKernels];
    if (kernel === undefined) {
      throw new BackendError(label, `activation ${String(activation)} is not supported on cpu`);
    }
    const inputs =
      kernel === 'Prelu' ? { x: out, alpha: e.preluActivationWeights as TensorInfo } : { x: out };
    replace(runStockCpu(backend, kernel, inputs, { alpha: e.leakyreluAlpha as number }));
  }
  return out;
}
