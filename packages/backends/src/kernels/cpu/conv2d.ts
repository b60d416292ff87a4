import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { assertNhwc, convGeometry } from '../conv-geometry.js';
import { toFloat64 } from './conv-taps.js';
import { asCpuBackend, type CpuBackend, floats, runStockCpu } from './cpu-backend.js';

/** What the fused kernel adds to each output row before it is stored. */
export interface ConvEpilogue {
  /** One value per output channel, or null. */
  bias: Float64Array | null;
  relu: boolean;
}

/**
 * y = conv(x, filter) in NHWC as one matrix-vector product per output pixel: the pixel's patch
 * (KH·KW·C values, zeros where a tap falls in the padding) times the filter seen as a
 * [KH·KW·C, CO] matrix, eight patch values at a time so each load and store of the float64
 * output row serves eight products; the epilogue (bias, relu) is applied as the row is stored.
 * tfjs-backend-cpu 4.22 adds one product at a time into the float32 output (a load, a rounding and
 * a store per product): 360 ms against 102 ms here on the benchmark CNN's second layer (README).
 */
export function convolve(
  backend: CpuBackend,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: Pick<Conv2DAttrs, 'strides' | 'pad' | 'dilations' | 'dimRoundingMode'>,
  epilogue: ConvEpilogue,
  label: string,
): TensorInfo {
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const g = convGeometry(info);
  const [N, H, W, C, OH, OW, KH, KW, sh, sw, dh, dw, pt, pl] = g.args;
  const { CO, R } = g;
  const xv = floats(backend, x, label);
  const wv = toFloat64(floats(backend, filter, label));
  const y = new Float32Array(N * OH * OW * CO);
  const patch = new Float64Array(R);
  const acc = new Float64Array(CO);
  const { bias, relu } = epilogue;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        // Gather the patch (im2col for one pixel).
        let r = 0;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - pt + kh * dh;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw - pl + kw * dw;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              patch.fill(0, r, r + C);
            } else {
              const at = ((n * H + ih) * W + iw) * C;
              for (let ci = 0; ci < C; ci++) patch[r + ci] = xv[at + ci] as number;
            }
            r += C;
          }
        }
        acc.fill(0);
        r = 0;
        for (; r + 7 < R; r += 8) {
          const a0 = patch[r] as number;
          const a1 = patch[r + 1] as number;
          const a2 = patch[r + 2] as number;
          const a3 = patch[r + 3] as number;
          const a4 = patch[r + 4] as number;
          const a5 = patch[r + 5] as number;
          const a6 = patch[r + 6] as number;
          const a7 = patch[r + 7] as number;
          const w0 = r * CO;
          const w1 = w0 + CO;
          const w2 = w1 + CO;
          const w3 = w2 + CO;
          const w4 = w3 + CO;
          const w5 = w4 + CO;
          const w6 = w5 + CO;
          const w7 = w6 + CO;
          for (let co = 0; co < CO; co++) {
            acc[co] =
              (acc[co] as number) +
              (a0 * (wv[w0 + co] as number) +
                a1 * (wv[w1 + co] as number) +
                a2 * (wv[w2 + co] as number) +
                a3 * (wv[w3 + co] as number)) +
              (a4 * (wv[w4 + co] as number) +
                a5 * (wv[w5 + co] as number) +
                a6 * (wv[w6 + co] as number) +
                a7 * (wv[w7 + co] as number));
          }
        }
        for (; r < R; r++) {
          const a0 = patch[r] as number;
          const w0 = r * CO;
          for (let co = 0; co < CO; co++) acc[co] = (acc[co] as number) + a0 * (wv[w0 + co] as number);
        }
        const out = ((n * OH + oh) * OW + ow) * CO;
        for (let co = 0; co < CO; co++) {
          let v = acc[co] as number;
          if (bias !== null) v += bias[co] as number;
          // As tfjs's Relu: NaN stays NaN.
          y[out + co] = relu && v < 0 ? 0 : v;
        }
      }
    }
  }
  return backend.makeTensorInfo([N, OH, OW, CO], 'float32', y);
}

const label = 'Conv2D (cpu)';

/**
 * 2-D convolution on cpu through {@link convolve}: NHWC float32 only, with a labelled error for
 * NCHW; other dtypes go to tfjs-backend-cpu's own kernel (which keeps an int32 input's dtype).
 */
export function conv2DCpu(args: {
  inputs: { x: TensorInfo; filter: TensorInfo };
  attrs: Conv2DAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { x, filter } = args.inputs;
  assertNhwc(label, args.attrs.dataFormat);
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') {
    return runStockCpu(backend, Conv2D, { x, filter }, args.attrs as never);
  }
  return convolve(backend, x, filter, args.attrs, { bias: null, relu: false }, label);
}

export const conv2DCpuConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'cpu',
  kernelFunc: conv2DCpu as unknown as KernelFunc,
};
