import {
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { assertNhwc } from '../conv-geometry.js';
import { convolve } from './conv2d.js';
import { asCpuBackend, runStockCpu } from './cpu-backend.js';
import { finishFused, lastAxisBias } from './fused-epilogue.js';

const label = 'FusedConv2D (cpu)';

/**
 * Convolution + bias + activation on cpu (the forward kernel of `tf.fused.conv2d` and of Strata's
 * conv layers): the convolution of {@link convolve} with a per-channel bias and relu applied as each
 * output row is stored, where tfjs-backend-cpu 4.22 makes one pass for the bias and another for the
 * activation after its slower convolution. Other biases (broadcast over more than the channels) and
 * the other activations (elu, relu6, sigmoid, leakyrelu, prelu) run through tfjs's own cpu kernels
 * on the convolution's result, exactly as its FusedConv2D does. NHWC float32 only (a labelled error
 * for NCHW; other dtypes go to tfjs's kernel).
 */
export function fusedConv2DCpu(args: {
  inputs: { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  attrs: FusedConv2DAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { x, filter, bias, preluActivationWeights } = args.inputs;
  const { activation, leakyreluAlpha } = args.attrs;
  assertNhwc(label, args.attrs.dataFormat);
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') {
    return runStockCpu(backend, FusedConv2D, args.inputs as never, args.attrs as never);
  }
  const co = filter.shape[3] as number;
  const perChannel = bias === undefined ? null : lastAxisBias(backend, bias, co, 4, label);
  const fuseBias = bias === undefined || perChannel !== null;
  const fuseRelu = fuseBias && activation === 'relu';
  const y = convolve(backend, x, filter, args.attrs, { bias: perChannel, relu: fuseRelu }, label);
  return finishFused(
    backend,
    y,
    { bias, biasFused: fuseBias, reluFused: fuseRelu, activation, preluActivationWeights, leakyreluAlpha },
    label,
  );
}

export const fusedConv2DCpuConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'cpu',
  kernelFunc: fusedConv2DCpu as unknown as KernelFunc,
};
