// Test helper (not part of the package): recurrent cells written out with plain loops, one sample and
// one step at a time, from the formulas in Keras' documentation (kernel [in, G·u], recurrent kernel
// [u, G·u], blocks LSTM i,f,c,o and GRU z,r,h), independent of the layers' whole-sequence op.

export type Matrix = number[][];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** x·M for a row vector x and M [rows, cols], then columns [from, from + n). */
function rowTimes(x: number[], m: Matrix, from: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) for (let i = 0; i < x.length; i++) out[j]! += x[i]! * m[i]![from + j]!;
  return out;
}

export interface ReferenceRun {
  /** Outputs in processing order, [batch][step][unit]. */
  outputs: number[][][];
  /** Final states per sample: [h] or [h, c]. */
  finals: number[][][];
}

export interface ReferenceInput {
  kind: 'lstm' | 'gru' | 'gruResetBefore' | 'simple';
  x: number[][][];
  kernel: Matrix;
  recurrent: Matrix;
  /** [G·u], or [2][3u] for 'gru'. */
  bias: number[] | number[][];
  units: number;
  initial?: number[][][];
  mask?: number[][];
  goBackwards?: boolean;
  relu?: boolean;
}

/** Runs the cell over each sample; a padded step keeps the states and repeats the previous output. */
export function referenceRnn(input: ReferenceInput): ReferenceRun {
  const { kind, x, kernel, recurrent, units: n } = input;
  const outputs: number[][][] = [];
  const finals: number[][][] = [];
  x.forEach((seq, b) => {
    let h = input.initial?.[0]?.[b]?.slice() ?? new Array<number>(n).fill(0);
    let c = input.initial?.[1]?.[b]?.slice() ?? new Array<number>(n).fill(0);
    const outs: number[][] = [];
    for (let s = 0; s < seq.length; s++) {
      const t = input.goBackwards ? seq.length - 1 - s : s;
      const xt = seq[t]!;
      const m = input.mask ? input.mask[b]![t]! : 1;
      let hNew: number[];
      let cNew = c;
      if (kind === 'lstm') {
        const bias = input.bias as number[];
        const gate = (k: number) =>
          rowTimes(xt, kernel, k * n, n).map(
            (v, j) => v + rowTimes(h, recurrent, k * n, n)[j]! + bias[k * n + j]!,
          );
        const i = gate(0).map(sigmoid);
        const f = gate(1).map(sigmoid);
        const g = gate(2).map(Math.tanh);
        const o = gate(3).map(sigmoid);
        cNew = c.map((cj, j) => f[j]! * cj + i[j]! * g[j]!);
        hNew = cNew.map((cj, j) => o[j]! * Math.tanh(cj));
      } else if (kind === 'gru') {
        const [bi, br] = input.bias as number[][];
        const xs = (k: number) => rowTimes(xt, kernel, k * n, n).map((v, j) => v + bi![k * n + j]!);
        const rs = (k: number) => rowTimes(h, recurrent, k * n, n).map((v, j) => v + br![k * n + j]!);
        const z = xs(0).map((v, j) => sigmoid(v + rs(0)[j]!));
        const r = xs(1).map((v, j) => sigmoid(v + rs(1)[j]!));
        const hh = xs(2).map((v, j) => Math.tanh(v + r[j]! * rs(2)[j]!));
        hNew = h.map((hj, j) => z[j]! * hj + (1 - z[j]!) * hh[j]!);
      } else if (kind === 'gruResetBefore') {
        const bias = input.bias as number[];
        const xs = (k: number) => rowTimes(xt, kernel, k * n, n).map((v, j) => v + bias[k * n + j]!);
        const z = xs(0).map((v, j) => sigmoid(v + rowTimes(h, recurrent, 0, n)[j]!));
        const r = xs(1).map((v, j) => sigmoid(v + rowTimes(h, recurrent, n, n)[j]!));
        const rh = h.map((hj, j) => r[j]! * hj);
        const hh = xs(2).map((v, j) => Math.tanh(v + rowTimes(rh, recurrent, 2 * n, n)[j]!));
        hNew = h.map((hj, j) => z[j]! * hj + (1 - z[j]!) * hh[j]!);
      } else {
        const bias = input.bias as number[];
        hNew = rowTimes(xt, kernel, 0, n).map((v, j) => {
          const pre = v + rowTimes(h, recurrent, 0, n)[j]! + bias[j]!;
          return input.relu ? Math.max(pre, 0) : Math.tanh(pre);
        });
      }
      if (m) {
        h = hNew;
        c = cNew;
      }
      // Keras: a padded step outputs the previous step's output (zeros before the first real step).
      outs.push(m ? h.slice() : (outs[outs.length - 1]?.slice() ?? new Array<number>(n).fill(0)));
    }
    outputs.push(outs);
    finals.push(kind === 'lstm' ? [h, c] : [h]);
  });
  return { outputs, finals };
}

/** Deterministic pseudo-random values in [-scale, scale) for test inputs. */
export function values(count: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 * scale - scale;
  });
}

/** A nested array of numbers; the caller knows its depth. */
export type Nested = number[] & Nested[];

/** Splits a flat array into a nested array of the given shape. */
export function nest<T = Nested>(flat: number[], shape: number[]): T {
  if (shape.length === 1) return flat.slice(0, shape[0]) as T;
  const size = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0]! }, (_, i) =>
    nest(flat.slice(i * size, (i + 1) * size), shape.slice(1)),
  ) as T;
}
