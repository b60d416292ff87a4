import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { conv2DGradGeometry } from '../conv-geometry.js';
import { tapPixels, toFloat64 } from './conv-taps.js';
import { asCpuBackend, floats } from './cpu-backend.js';

const label = 'Conv2DBackpropInput (cpu)';

/**
 * Input gradient of a 2-D convolution on cpu (also the forward pass of a transposed convolution):
 * each output pixel's dy row is dotted with the filter row W[kh,kw,ci,:] of every tap and input
 * channel and added onto the input pixel the tap read (col2im without the column matrix). Output
 * pixels are listed per tap (as in the filter gradient) and taken eight at a time, so each filter
 * value loaded serves eight dot products held in eight float64 sums. tfjs-backend-cpu 4.22 instead
 * loops over input pixels and, for each, re-derives which output pixels reach it: 284 ms against
 * 109 ms here on the benchmark CNN's second layer (README). Strides, TF SAME/VALID/explicit padding
 * and rounding modes come from tfjs's conv info; the attributes carry no dilation (Strata's Conv2D
 * gradient passes the dilated filter).
 */
export function conv2DBackpropInputCpu(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  attrs: Conv2DBackpropInputAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { dy, filter } = args.inputs;
  const { inputShape } = args.attrs;
  const g = conv2DGradGeometry(label, inputShape, filter.shape, args.attrs);
  const { N, H, W, C, CO, KH, KW, M } = g;
  const dyv = toFloat64(floats(backend, dy, label));
  const wv = toFloat64(floats(backend, filter, label));
  const dx = new Float64Array(N * H * W * C);
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
          const w = tap + ci * CO;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let s4 = 0;
          let s5 = 0;
          let s6 = 0;
          let s7 = 0;
          for (let co = 0; co < CO; co++) {
            const f = wv[w + co] as number;
            s0 += f * (dyv[d0 + co] as number);
            s1 += f * (dyv[d1 + co] as number);
            s2 += f * (dyv[d2 + co] as number);
            s3 += f * (dyv[d3 + co] as number);
            s4 += f * (dyv[d4 + co] as number);
            s5 += f * (dyv[d5 + co] as number);
            s6 += f * (dyv[d6 + co] as number);
            s7 += f * (dyv[d7 + co] as number);
          }
          dx[x0 + ci] = (dx[x0 + ci] as number) + s0;
          dx[x1 + ci] = (dx[x1 + ci] as number) + s1;
          dx[x2 + ci] = (dx[x2 + ci] as number) + s2;
          dx[x3 + ci] = (dx[x3 + ci] as number) + s3;
          dx[x4 + ci] = (dx[x4 + ci] as number) + s4;
          dx[x5 + ci] = (dx[x5 + ci] as number) + s5;
          dx[x6 + ci] = (dx[x6 + ci] as number) + s6;
          dx[x7 + ci] = (dx[x7 + ci] as number) + s7;
        }
      }
      for (; p < count; p++) {
        const x0 = pixels[2 * p] as number;
        const d0 = pixels[2 * p + 1] as number;
        for (let ci = 0; ci < C; ci++) {
          const w = tap + ci * CO;
          let s0 = 0;
          for (let co = 0; co < CO; co++) s0 += (wv[w + co] as number) * (dyv[d0 + co] as number);
          dx[x0 + ci] = (dx[x0 + ci] as number) + s0;
        }
      }
    }
  }
  return backend.makeTensorInfo([...inputShape], 'float32', Float32Array.from(dx));
}

export const conv2DBackpropInputCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'cpu',
  kernelFunc: conv2DBackpropInputCpu as unknown as KernelFunc,
};
