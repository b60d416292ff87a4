import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asCpuBackend, floats } from './cpu-backend.js';

const label = 'MaxPoolGrad (cpu)';

/**
 * Max-pool gradient on cpu in one pass over the windows: for each output pixel it finds, for all
 * channels at once (contiguous in NHWC), the first maximum of the input in its window and adds dy
 * there. That is tfjs-backend-cpu's routing (the first strictly greater value in row-major window
 * order wins ties; padding and NaN never win, so a window of NaN passes no gradient), but tfjs
 * computes it by visiting every input pixel, re-deriving which windows reach it and reading each
 * through `TensorBuffer.get`: 270 ms against 14 ms here on the benchmark CNN's first pool (README).
 */
export function maxPoolGradCpu(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  attrs: MaxPoolGradAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { dy, input } = args.inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { effectiveFilterHeight: KH, effectiveFilterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const xv = floats(backend, input, label);
  const dyv = floats(backend, dy, label);
  const dx = new Float32Array(N * H * W * C);
  const best = new Float64Array(C);
  const where = new Int32Array(C);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const ihMin = Math.max(0, oh * sh - pt);
      const ihMax = Math.min(H, oh * sh - pt + KH);
      for (let ow = 0; ow < OW; ow++) {
        const iwMin = Math.max(0, ow * sw - pl);
        const iwMax = Math.min(W, ow * sw - pl + KW);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let ih = ihMin; ih < ihMax; ih++) {
          for (let iw = iwMin; iw < iwMax; iw++) {
            const at = ((n * H + ih) * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = xv[at + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                where[c] = at + c;
              }
            }
          }
        }
        const d = ((n * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          const i = where[c] as number;
          if (i >= 0) dx[i] = (dx[i] as number) + (dyv[d + c] as number);
        }
      }
    }
  }
  return backend.makeTensorInfo([...input.shape], 'float32', dx);
}

export const maxPoolGradCpuConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'cpu',
  kernelFunc: maxPoolGradCpu as unknown as KernelFunc,
};
