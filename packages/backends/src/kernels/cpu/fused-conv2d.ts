import { BackendError } from '@strata/core';
import {
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convolve } from './conv2d.js';
import { asCpuBackend, type CpuBackend, floats, runStockCpu } from './cpu-backend.js';

const label = 'FusedConv2D (cpu)';

/** The stock kernel that applies each activation other than linear and relu (as tfjs's cpu FusedConv2D). */
const activationKernels = {
  elu: 'Elu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
} as const;

/** A bias that is one value per output channel (or one for all), expanded to CO values; else null. */
function channelBias(backend: CpuBackend, bias: TensorInfo, co: number): Float64Array | null {
  const size = bias.shape.reduce((a, b) => a * b, 1);
  const last = bias.shape[bias.shape.length - 1] ?? 1;
  const values = floats(backend, bias, label);
  if (size === 1) return new Float64Array(co).fill(values[0] as number);
  if (size === co && last === co) return Float64Array.from(values);
  return null;
}

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
  if (args.attrs.dataFormat === 'NCHW') {
    throw new BackendError(
      label,
      "only NHWC is supported, got NCHW; transpose to NHWC or call unregisterTrainingKernels({ backend: 'cpu' })",
    );
  }
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') {
    return runStockCpu(backend, FusedConv2D, args.inputs as never, args.attrs as never);
  }
  const co = filter.shape[3] as number;
  const perChannel = bias === undefined ? null : channelBias(backend, bias, co);
  const fuseBias = bias === undefined || perChannel !== null;
  const fuseRelu = fuseBias && activation === 'relu';
  let y = convolve(backend, x, filter, args.attrs, { bias: perChannel, relu: fuseRelu }, label);
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

export const fusedConv2DCpuConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'cpu',
  kernelFunc: fusedConv2DCpu as unknown as KernelFunc,
};
