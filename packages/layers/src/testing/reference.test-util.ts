// Test helper (not part of the package): naive loop implementations used as references.

export interface Nhwc {
  readonly data: ArrayLike<number>;
  readonly shape: readonly [number, number, number, number];
}

/** TensorFlow's padding: output size and the padding before (top/left) for one spatial axis. */
export function tfPadding(size: number, window: number, stride: number, padding: 'same' | 'valid') {
  if (padding === 'valid') return { out: Math.floor((size - window) / stride) + 1, before: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  return { out, before: Math.floor(total / 2) };
}

/** y[b, i, j, o] = Σ x[b, i·s - pad + p·d, j·s - pad + q·d, c] · k[p, q, c, o] (+ bias[o]). */
export function naiveConv2d(
  x: Nhwc,
  kernel: { data: ArrayLike<number>; shape: readonly [number, number, number, number] },
  bias: ArrayLike<number> | undefined,
  opts: { strides: [number, number]; padding: 'same' | 'valid'; dilations: [number, number] },
): { data: number[]; shape: [number, number, number, number] } {
  const [B, H, W, C] = x.shape;
  const [KH, KW, , O] = kernel.shape;
  const [sh, sw] = opts.strides;
  const [dh, dw] = opts.dilations;
  const ph = tfPadding(H, (KH - 1) * dh + 1, sh, opts.padding);
  const pw = tfPadding(W, (KW - 1) * dw + 1, sw, opts.padding);
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let i = 0; i < ph.out; i++)
      for (let j = 0; j < pw.out; j++)
        for (let o = 0; o < O; o++) {
          let s = bias ? bias[o]! : 0;
          for (let p = 0; p < KH; p++)
            for (let q = 0; q < KW; q++) {
              const r = i * sh - ph.before + p * dh;
              const c = j * sw - pw.before + q * dw;
              if (r < 0 || r >= H || c < 0 || c >= W) continue;
              for (let ch = 0; ch < C; ch++) {
                s += x.data[((b * H + r) * W + c) * C + ch]! * kernel.data[((p * KW + q) * C + ch) * O + o]!;
              }
            }
          out.push(s);
        }
  return { data: out, shape: [B, ph.out, pw.out, O] };
}

/** Max or mean over each window's positions that lie inside the input (TensorFlow's SAME semantics). */
export function naivePool(
  x: Nhwc,
  kind: 'max' | 'avg',
  opts: { poolSize: [number, number]; strides: [number, number]; padding: 'same' | 'valid' },
): { data: number[]; shape: [number, number, number, number] } {
  const [B, H, W, C] = x.shape;
  const ph = tfPadding(H, opts.poolSize[0], opts.strides[0], opts.padding);
  const pw = tfPadding(W, opts.poolSize[1], opts.strides[1], opts.padding);
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let i = 0; i < ph.out; i++)
      for (let j = 0; j < pw.out; j++)
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let sum = 0;
          let n = 0;
          for (let p = 0; p < opts.poolSize[0]; p++)
            for (let q = 0; q < opts.poolSize[1]; q++) {
              const r = i * opts.strides[0] - ph.before + p;
              const c = j * opts.strides[1] - pw.before + q;
              if (r < 0 || r >= H || c < 0 || c >= W) continue;
              const v = x.data[((b * H + r) * W + c) * C + ch]!;
              best = Math.max(best, v);
              sum += v;
              n++;
            }
          out.push(kind === 'max' ? best : sum / n);
        }
  return { data: out, shape: [B, ph.out, pw.out, C] };
}

/** Asserts two arrays agree to `tol` (absolute + relative), naming the first index that does not. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} != expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      throw new Error(`index ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}

/**
 * erf in float64: its Maclaurin series for |z| < 2.5, else 1 - erfc with erfc's continued fraction
 * (Abramowitz & Stegun 7.1.14), each accurate to ~1e-15 there.
 */
export function erf(z: number): number {
  const a = Math.abs(z);
  if (a < 2.5) {
    let sum = 0;
    let term = z;
    for (let n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= (-z * z) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let k = a;
  for (let n = 80; n >= 1; n--) k = a + n / 2 / k;
  const erfc = Math.exp(-a * a) / (Math.sqrt(Math.PI) * k);
  return Math.sign(z) * (1 - erfc);
}
