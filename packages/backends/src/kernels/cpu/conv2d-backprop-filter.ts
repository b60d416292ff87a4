import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { conv2DGradGeometry } from '../conv-geometry.js';
import { tapPixels, toFloat64 } from './conv-taps.js';
import { asCpuBackend, floats } from './cpu-backend.js';

const label = 'Conv2DBackpropFilter (cpu)';

/**
 * Filter gradient of a 2-D convolution on cpu: dW[kh,kw,ci,:] = Σ over output pixels of
 * x[pixel's tap (kh,kw), ci] · dy[pixel, :] (dW = patches(x)ᵀ · dy without building the patches).
 * For each tap, the output pixels whose tap lands inside the input are listed once (padding then
 * costs no test in the loop); eight of them go together so that each load and store of the float64
 * accumulator row dW[tap, ci, :] serves eight products, and the innermost loop runs over the
 * contiguous output channels of dy and dW. Float64, as tfjs's own kernel sums in a JS number: both
 * agree to the last float32 bit on the benchmark CNN. tfjs-backend-cpu 4.22's kernel reads both
 * tensors through `TensorBuffer.get` for every product: 18.4 s for one call on that CNN's second
 * layer, against 0.10 s here (README). Strides, TF SAME/VALID/explicit padding and rounding modes
 * come from tfjs's conv info; the kernel's attributes carry no dilation (Strata's Conv2D gradient
 * runs it on the dilated filter's shape).
 */
export function conv2DBackpropFilterCpu(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  attrs: Conv2DBackpropFilterAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { x, dy } = args.inputs;
  const { filterShape } = args.attrs;
  const g = conv2DGradGeometry(label, x.shape, filterShape, args.attrs);
  const { C, CO, KH, KW, M } = g;
  const xv = toFloat64(floats(backend, x, label));
  const dyv = toFloat64(floats(backend, dy, label));
  const acc = new Float64Array(KH * KW * C * CO);
  const pixels = new Int32Array(2 * M);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const count = tapPixels(g, kh, kw, pixels);
      const tap = (kh * KW + kw) * C * CO;
      let p = 0;
      for (; p + 7 < count; p += 8) {
        const q = 2 * p;
        const x0 = pixels[q] as number;
        const d0 = pixels[q + 1] as number;
        const x1 = pixels[q + 2] as number;
        const d1 = pixels[q + 3] as number;
        const x2 = pixels[q + 4] as number;
        const d2 = pixels[q + 5] as number;
        const x3 = pixels[q + 6] as number;
        const d3 = pixels[q + 7] as number;
        const x4 = pixels[q + 8] as number;
        const d4 = pixels[q + 9] as number;
        const x5 = pixels[q + 10] as number;
        const d5 = pixels[q + 11] as number;
        const x6 = pixels[q + 12] as number;
        const d6 = pixels[q + 13] as number;
        const x7 = pixels[q + 14] as number;
        const d7 = pixels[q + 15] as number;
        for (let ci = 0; ci < C; ci++) {
          const a0 = xv[x0 + ci] as number;
          const a1 = xv[x1 + ci] as number;
          const a2 = xv[x2 + ci] as number;
          const a3 = xv[x3 + ci] as number;
          const a4 = xv[x4 + ci] as number;
          const a5 = xv[x5 + ci] as number;
          const a6 = xv[x6 + ci] as number;
          const a7 = xv[x7 + ci] as number;
          const w = tap + ci * CO;
          for (let co = 0; co < CO; co++) {
            acc[w + co] =
              (acc[w + co] as number) +
              (a0 * (dyv[d0 + co] as number) +
                a1 * (dyv[d1 + co] as number) +
                a2 * (dyv[d2 + co] as number) +
                a3 * (dyv[d3 + co] as number)) +
              (a4 * (dyv[d4 + co] as number) +
                a5 * (dyv[d5 + co] as number) +
                a6 * (dyv[d6 + co] as number) +
                a7 * (dyv[d7 + co] as number));
          }
        }
      }
      for (; p < count; p++) {
        const x0 = pixels[2 * p] as number;
        const d0 = pixels[2 * p + 1] as number;
        for (let ci = 0; ci < C; ci++) {
          const a0 = xv[x0 + ci] as number;
          const w = tap + ci * CO;
          for (let co = 0; co < CO; co++) {
            acc[w + co] = (acc[w + co] as number) + a0 * (dyv[d0 + co] as number);
          }
        }
      }
    }
  }
  return backend.makeTensorInfo([...filterShape], 'float32', Float32Array.from(acc));
}

export const conv2DBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: conv2DBackpropFilterCpu as unknown as KernelFunc,
};
