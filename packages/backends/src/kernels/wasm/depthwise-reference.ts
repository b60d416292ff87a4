import type { HostTensor } from '../kernel-parity.js';

/**
 * Definitional float64 gradients of a depthwise convolution with dilation (test support, not
 * exported): tfjs's cpu backprop kernels ignore dilation, so dilated cases are checked against the
 * definition y[n,oh,ow,c·Q+q] = Σ_{kh,kw} x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, c] · w[kh,kw,c,q].
 */
export function depthwiseGradsReference(
  x: HostTensor,
  w: HostTensor,
  dy: HostTensor,
  g: { sh: number; sw: number; dh: number; dw: number; pt: number; pl: number },
): { dx: Float64Array; dw: Float64Array } {
  const [N, H, W, C] = x.shape as [number, number, number, number];
  const [KH, KW, , Q] = w.shape as [number, number, number, number];
  const [, OH, OW] = dy.shape as [number, number, number, number];
  const dx = new Float64Array(x.values.length);
  const dwOut = new Float64Array(w.values.length);
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let kh = 0; kh < KH; kh++)
          for (let kw = 0; kw < KW; kw++) {
            const ih = oh * g.sh + kh * g.dh - g.pt;
            const iw = ow * g.sw + kw * g.dw - g.pl;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            for (let c = 0; c < C; c++)
              for (let q = 0; q < Q; q++) {
                const gy = dy.values[((n * OH + oh) * OW + ow) * C * Q + c * Q + q] as number;
                const xi = ((n * H + ih) * W + iw) * C + c;
                const wi = ((kh * KW + kw) * C + c) * Q + q;
                dx[xi] = (dx[xi] as number) + gy * (w.values[wi] as number);
                dwOut[wi] = (dwOut[wi] as number) + gy * (x.values[xi] as number);
              }
          }
  return { dx, dw: dwOut };
}
