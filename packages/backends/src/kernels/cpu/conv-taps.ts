import type { ConvGeometry } from '../conv-geometry.js';

/**
 * For one filter tap (kh, kw), the output pixels whose tap falls inside the input (padding taps
 * read zeros and are skipped), as pairs [x offset of the tapped input pixel, offset of the output
 * pixel], both in elements of NHWC tensors with C and CO channels. Listing them lets the kernels
 * group any four pixels, whatever the output width, instead of four neighbours in one row.
 */
export function tapPixels(g: ConvGeometry, kh: number, kw: number, out: Int32Array): number {
  const [N, H, W, C, OH, OW, , , sh, sw, dh, dw, pt, pl] = g.args;
  const CO = g.CO;
  const shift = kw * dw - pl;
  // ow·sw + shift ∈ [0, W)
  const owMin = Math.max(0, Math.ceil(-shift / sw));
  const owMax = Math.min(OW, Math.ceil((W - shift) / sw));
  let count = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sh - pt + kh * dh;
      if (ih < 0 || ih >= H) continue;
      const xRow = (n * H + ih) * W;
      const yRow = (n * OH + oh) * OW;
      for (let ow = owMin; ow < owMax; ow++) {
        out[count++] = (xRow + ow * sw + shift) * C;
        out[count++] = (yRow + ow) * CO;
      }
    }
  }
  return count >> 1;
}

/** A float64 copy of float32 values: the loops then load doubles without a conversion each time. */
export function toFloat64(values: Float32Array): Float64Array {
  return Float64Array.from(values);
}
