import {
  type KernelConfig,
  type KernelFunc,
  Sum,
  type SumAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpuBackend, floats, runStockCpu } from './cpu-backend.js';

const label = 'Sum (cpu)';

/**
 * Sums of a float32 tensor over leading axes (a bias gradient: dy [N,H,W,C] summed to [C]) as one
 * pass of float64 column sums. tfjs-backend-cpu 4.22 first transposes the whole tensor so that the
 * reduced axes come last: 22 ms against 0.8 ms here for the benchmark CNN's first conv layer
 * (README). Any other reduction (inner axes, all axes, int32 or bool) goes to tfjs's own kernel.
 */
export function sumCpu(args: { inputs: { x: TensorInfo }; attrs: SumAttrs; backend: unknown }): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { x } = args.inputs;
  const { axis, keepDims } = args.attrs;
  const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const k = axes.length;
  const leading = k > 0 && k < x.shape.length && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') return runStockCpu(backend, Sum, { x }, args.attrs as never);
  const rows = x.shape.slice(0, k).reduce((p, q) => p * q, 1);
  const rest = x.shape.slice(k);
  const cols = rest.reduce((p, q) => p * q, 1);
  const xv = floats(backend, x, label);
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) + (xv[at + c] as number);
  }
  const shape = keepDims ? [...new Array<number>(k).fill(1), ...rest] : rest;
  return backend.makeTensorInfo(shape, 'float32', Float32Array.from(acc));
}

export const sumCpuConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'cpu',
  kernelFunc: sumCpu as unknown as KernelFunc,
};
