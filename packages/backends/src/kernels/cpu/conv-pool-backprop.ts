import { CONV_POOL_BACKPROP_KERNEL, type ConvPoolBackpropAttrs } from '@strata/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { convPoolGeometry } from '../conv-pool-geometry.js';
import { asCpuBackend, floats } from './cpu-backend.js';

const label = `${CONV_POOL_BACKPROP_KERNEL} (cpu)`;

type Inputs = { x: TensorInfo; filter: TensorInfo; y: TensorInfo; dy: TensorInfo };

/**
 * The conv + max-pool gradient (see `CONV_POOL_BACKPROP_KERNEL` in @strata/core) on cpu. For each
 * pool window it finds, for all output channels at once (contiguous in NHWC), the first maximum of
 * y (row-major window order, strict `>`, as MaxPoolGrad routes it; NaN never wins), and each nonzero
 * pooled gradient g then adds g times its conv output's input patch to dWᵀ[co] (`wrt: 'filter'`) or
 * g times Wᵀ[co] to that patch of dx (`wrt: 'input'`). With the filter held as Wᵀ [CO, KH·KW·C], a
 * patch row inside the input is one run of KW·C floats in x/dx and in Wᵀ: one long inner loop.
 * Only the routed conv outputs (a quarter of them under a 2×2 pool, fewer after relu) cost anything,
 * instead of a dense product over the whole spread gradient. Sums are float64. Unlike on wasm there
 * is no dense fallback for few input channels: on the seed CNN's first layer (x [64,28,28,1], batch
 * 64) the routed loop still takes 18 ms a gradient against 22–29 ms for MaxPoolGrad plus the dense
 * cpu kernel, and 61–65 ms against 97–109 ms on its second layer (x [64,13,13,32]).
 */
export function convPoolBackpropCpu(args: {
  inputs: Inputs;
  attrs: ConvPoolBackpropAttrs;
  backend: unknown;
}): TensorInfo {
  const backend = asCpuBackend(args.backend, label);
  const { inputs, attrs } = args;
  const { args: geometry, R, CO } = convPoolGeometry(inputs, attrs, label);
  const [N, H, W, C, OH, OW, KH, KW, sh, sw, pt, pl, , PH, PW, pkh, pkw, psh, psw, ppt, ppl] = geometry;
  const wrtInput = attrs.wrt === 'input';
  const yv = floats(backend, inputs.y, label);
  const gv = floats(backend, inputs.dy, label);
  // wrt filter: a = x, out = dWᵀ [CO, R]; wrt input: a = Wᵀ [CO, R], out = dx [N, H, W, C].
  let a: Float32Array;
  if (wrtInput) {
    const fv = floats(backend, inputs.filter, label);
    a = new Float32Array(CO * R);
    for (let r = 0; r < R; r++) for (let co = 0; co < CO; co++) a[co * R + r] = fv[r * CO + co] as number;
  } else {
    a = floats(backend, inputs.x, label);
  }
  const out = new Float64Array(wrtInput ? N * H * W * C : CO * R);
  const best = new Float32Array(CO);
  const where = new Int32Array(CO);
  const run = KW * C;
  for (let n = 0; n < N; n++) {
    for (let ph = 0; ph < PH; ph++) {
      const h0 = Math.max(0, ph * psh - ppt);
      const h1 = Math.min(OH, ph * psh - ppt + pkh);
      for (let pw = 0; pw < PW; pw++) {
        const gAt = ((n * PH + ph) * PW + pw) * CO;
        let any = false;
        for (let co = 0; co < CO; co++) {
          if ((gv[gAt + co] as number) !== 0) {
            any = true;
            break;
          }
        }
        if (!any) continue;
        const w0 = Math.max(0, pw * psw - ppl);
        const w1 = Math.min(OW, pw * psw - ppl + pkw);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const pos = h * OW + w;
            const at = (n * OH * OW + pos) * CO;
            for (let co = 0; co < CO; co++) {
              const v = yv[at + co] as number;
              if (v > (best[co] as number)) {
                best[co] = v;
                where[co] = pos;
              }
            }
          }
        }
        for (let co = 0; co < CO; co++) {
          const g = gv[gAt + co] as number;
          const pos = where[co] as number;
          if (g === 0 || pos < 0) continue;
          const bh = Math.floor(pos / OW);
          const iw0 = (pos - bh * OW) * sw - pl;
          const whole = iw0 >= 0 && iw0 + KW <= W;
          for (let kh = 0; kh < KH; kh++) {
            const ih = bh * sh - pt + kh;
            if (ih < 0 || ih >= H) continue;
            const tw = (co * KH + kh) * run;
            const row = (n * H + ih) * W;
            if (whole) {
              const px = (row + iw0) * C;
              if (wrtInput)
                for (let i = 0; i < run; i++)
                  out[px + i] = (out[px + i] as number) + g * (a[tw + i] as number);
              else
                for (let i = 0; i < run; i++)
                  out[tw + i] = (out[tw + i] as number) + g * (a[px + i] as number);
              continue;
            }
            for (let kw = 0; kw < KW; kw++) {
              const iw = iw0 + kw;
              if (iw < 0 || iw >= W) continue;
              const px = (row + iw) * C;
              const tk = tw + kw * C;
              if (wrtInput)
                for (let i = 0; i < C; i++) out[px + i] = (out[px + i] as number) + g * (a[tk + i] as number);
              else
                for (let i = 0; i < C; i++) out[tk + i] = (out[tk + i] as number) + g * (a[px + i] as number);
            }
          }
        }
      }
    }
  }
  if (wrtInput) return backend.makeTensorInfo([...inputs.x.shape], 'float32', Float32Array.from(out));
  // dWᵀ [CO, R] back to the filter's layout [KH, KW, C, CO] = [R, CO].
  const dw = new Float32Array(R * CO);
  for (let co = 0; co < CO; co++) for (let r = 0; r < R; r++) dw[r * CO + co] = out[co * R + r] as number;
  return backend.makeTensorInfo([...inputs.filter.shape], 'float32', dw);
}

export const convPoolBackpropCpuConfig: KernelConfig = {
  kernelName: CONV_POOL_BACKPROP_KERNEL,
  backendName: 'cpu',
  kernelFunc: convPoolBackpropCpu as unknown as KernelFunc,
};
