import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  SplitV,
  type SplitVAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpuBackend, runStockCpu } from './cpu-backend.js';

/**
 * SplitV copying contiguous runs with `TypedArray.set`. The stock cpu kernel slices each part
 * element by element through index arithmetic whenever the split axis is not the first, which is how
 * a recurrent layer splits its gates every step (and its saved activations once per backward pass).
 * Strings go to the stock kernel.
 */
export function splitVCpu(args: {
  inputs: { x: TensorInfo };
  attrs: SplitVAttrs;
  backend: unknown;
}): TensorInfo[] {
  const backend = asCpuBackend(args.backend, 'SplitV (cpu)');
  const { x } = args.inputs;
  const values = backend.data.get(x.dataId)?.values;
  if (x.dtype === 'string' || !ArrayBuffer.isView(values)) {
    return runStockCpu(backend, SplitV, args.inputs, args.attrs as never) as unknown as TensorInfo[];
  }
  const src = values as Float32Array | Int32Array | Uint8Array;
  const axis = util.parseAxisParam(args.attrs.axis, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x, args.attrs.numOrSizeSplits, axis);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const stride = x.shape[axis]! * inner;
  let offset = 0;
  return sizes.map((part) => {
    const run = part * inner;
    const out = new (src.constructor as new (n: number) => typeof src)(outer * run);
    for (let o = 0; o < outer; o++)
      out.set(src.subarray(o * stride + offset, o * stride + offset + run), o * run);
    offset += run;
    const shape = [...x.shape];
    shape[axis] = part;
    return backend.makeTensorInfo(shape, x.dtype, out);
  });
}

export const splitVCpuConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: 'cpu',
  kernelFunc: splitVCpu as unknown as KernelFunc,
};
