import { LSTM_CELL_GRAD_KERNEL, LSTM_CELL_KERNEL } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomHost } from './kernel-parity.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels.js';
import { expectNoLeaks } from './wasm/wasm-suite.test-util.js';

/** Uniform values in [−1, 1) from `seed`, mapped by `f`, as float32. */
const uniform = (seed: number, shape: number[], f: (v: number, i: number) => number) =>
  Float32Array.from(randomHost(seed, shape).values, f);

const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** The LSTM step of LSTM_CELL_KERNEL's definition, in double precision, row by row. */
function cellReference(xp: Float32Array, r: Float32Array, c: Float32Array, B: number, U: number) {
  const a: number[] = [];
  const cNew: number[] = [];
  const tc: number[] = [];
  const h: number[] = [];
  for (let b = 0; b < B; b++) {
    const z = (k: number, j: number) => xp[b * 4 * U + k * U + j]! + r[b * 4 * U + k * U + j]!;
    const row = [0, 1, 2, 3].map((k) =>
      Array.from({ length: U }, (_, j) => (k === 2 ? Math.tanh(z(k, j)) : sig(z(k, j)))),
    );
    a.push(...row.flat());
    for (let j = 0; j < U; j++) {
      const cs = row[1]![j]! * c[b * U + j]! + row[0]![j]! * row[2]![j]!;
      cNew.push(cs);
      tc.push(Math.tanh(cs));
      h.push(row[3]![j]! * Math.tanh(cs));
    }
  }
  return [a, cNew, tc, h];
}

/** LSTM_CELL_GRAD_KERNEL's definition in double precision; `m` holds one 0/1 per row. */
function gradReference(
  v: Record<'dy' | 'gh' | 'gc' | 'a' | 'c' | 'tc', Float32Array>,
  m: number[] | undefined,
  B: number,
  U: number,
) {
  const dz: number[] = [];
  const gcPrev: number[] = [];
  const ghPrev: number[] = [];
  for (let b = 0; b < B; b++) {
    const mb = m ? m[b]! : 1;
    const row: number[][] = [[], [], [], []];
    for (let j = 0; j < U; j++) {
      const s = b * U + j;
      const [i, f, g, o] = [0, 1, 2, 3].map((k) => v.a[b * 4 * U + k * U + j]!) as [
        number,
        number,
        number,
        number,
      ];
      const t = v.tc[s]!;
      const dh = v.dy[s]! + v.gh[s]!;
      const e = v.gc[s]! + dh * o * (1 - t * t);
      row[0]!.push(mb * e * g * i * (1 - i));
      row[1]!.push(mb * e * v.c[s]! * f * (1 - f));
      row[2]!.push(mb * e * i * (1 - g * g));
      row[3]!.push(mb * dh * t * o * (1 - o));
      gcPrev.push(mb * e * f + (1 - mb) * v.gc[s]!);
      ghPrev.push((1 - mb) * dh);
    }
    dz.push(...row.flat());
  }
  return m ? [dz, gcPrev, ghPrev] : [dz, gcPrev];
}

/**
 * Float32 results against double-precision ones: within `tol` of the value, relative above 1 and
 * absolute below (a sum of rounded products that cancels has no better relative precision).
 */
function expectNear(got: Float32Array, want: number[], tol: number, label: string) {
  expect(got.length, label).toBe(want.length);
  got.forEach((x, i) => {
    expect(Math.abs(x - want[i]!), `${label}[${i}]: ${x} vs ${want[i]}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(want[i]!)),
    );
  });
}

const run = (name: string, inputs: Record<string, tf.Tensor>) =>
  tf.engine().runKernel(name, inputs) as tf.Tensor[];

// B×U grids below, at and past a SIMD width of units, with a scalar tail.
const SHAPES: [number, number][] = [
  [1, 1],
  [2, 4],
  [3, 7],
  [5, 16],
];

describe.each(['cpu', 'wasm'] as const)('LSTM step kernels on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend(backend);
    registerTrainingKernels({ backend });
  });
  afterAll(async () => {
    unregisterTrainingKernels({ backend });
    await tf.setBackend('cpu');
  });

  it(`${LSTM_CELL_KERNEL} matches the double-precision step, saturated and near-zero gates included`, () => {
    let seed = 11;
    for (const [B, U] of SHAPES) {
      // Pre-activations spread over ±12 (saturating σ and tanh), with some in tanh's small-|z| range.
      const xp = uniform(seed++, [B, 4 * U], (v, i) => (i % 5 === 0 ? v * 0.3 : v * 12));
      const r = uniform(seed++, [B, 4 * U], (v) => v * 0.5);
      const c = uniform(seed++, [B, U], (v) => v * 3);
      const ts = [tf.tensor2d(xp, [B, 4 * U]), tf.tensor2d(r, [B, 4 * U]), tf.tensor2d(c, [B, U])];
      const out = run(LSTM_CELL_KERNEL, { xp: ts[0]!, r: ts[1]!, c: ts[2]! });
      const want = cellReference(xp, r, c, B, U);
      expect(out.map((t) => t.shape)).toEqual([
        [B, 4 * U],
        [B, U],
        [B, U],
        [B, U],
      ]);
      out.forEach((t, k) => {
        expectNear(t.dataSync() as Float32Array, want[k]!, 1e-6, `${B}x${U} output ${k}`);
      });
      tf.dispose([...ts, ...out]);
    }
  });

  it(`${LSTM_CELL_KERNEL} keeps tanh's relative precision at tiny pre-activations and its limits at huge ones`, () => {
    const zs = [1e-7, -3e-5, 0.01, -0.2499, 0.2501, 0.7, -3, 9, 30, -100, 200, -1e4];
    const U = zs.length;
    // Only the candidate block is set: a_c = tanh(z); with c = 0, c' = σ(0)·tanh(z) = tanh(z) / 2.
    const xp = new Float32Array(4 * U);
    zs.forEach((z, j) => {
      xp[2 * U + j] = z;
    });
    const out = run(LSTM_CELL_KERNEL, {
      xp: tf.tensor2d(xp, [1, 4 * U]),
      r: tf.zeros([1, 4 * U]),
      c: tf.zeros([1, U]),
    });
    const a = out[0]!.dataSync();
    zs.forEach((z, j) => {
      const want = Math.tanh(z);
      expect(Math.abs(a[2 * U + j]! - want), `tanh(${z})`).toBeLessThanOrEqual(4e-7 * Math.abs(want));
      expect(a[j]).toBe(0.5);
    });
    // σ saturates to exactly 0 and 1 without overflow.
    const big = run(LSTM_CELL_KERNEL, {
      xp: tf.tensor2d([-1e4, 1e4, 0, 0], [1, 4]),
      r: tf.zeros([1, 4]),
      c: tf.ones([1, 1]),
    });
    const ab = big[0]!.dataSync();
    expect(ab[0]).toBeLessThan(1e-37);
    expect(ab[1]).toBe(1);
    expect(Array.from(big[1]!.dataSync())).toEqual([1]);
    tf.dispose([...out, ...big]);
  });

  it(`${LSTM_CELL_GRAD_KERNEL} matches the double-precision backward step, with and without a mask`, () => {
    let seed = 101;
    for (const [B, U] of SHAPES) {
      for (const masked of [false, true]) {
        const host = (shape: number[], scale = 1) => uniform(seed++, shape, (v) => v * scale);
        // Saved activations as a forward step leaves them: σ in (0, 1), tanh in (−1, 1).
        const a = host([B, 4 * U]).map((v, i) => (Math.floor(i / U) % 4 === 2 ? v * 0.99 : 0.5 + v * 0.49));
        const v = {
          dy: host([B, U]),
          gh: host([B, U]),
          gc: host([B, U]),
          a,
          c: host([B, U], 2),
          tc: host([B, U], 0.99),
        };
        const m = masked ? Array.from({ length: B }, (_, b) => (b % 2 === 0 ? 1 : 0)) : undefined;
        const ts: Record<string, tf.Tensor> = {
          dy: tf.tensor2d(v.dy, [B, U]),
          gh: tf.tensor2d(v.gh, [B, U]),
          gc: tf.tensor2d(v.gc, [B, U]),
          a: tf.tensor2d(v.a, [B, 4 * U]),
          c: tf.tensor2d(v.c, [B, U]),
          tc: tf.tensor2d(v.tc, [B, U]),
          ...(m ? { m: tf.tensor2d(m, [B, 1]) } : {}),
        };
        const out = run(LSTM_CELL_GRAD_KERNEL, ts);
        const want = gradReference(v, m, B, U);
        expect(out.length).toBe(masked ? 3 : 2);
        out.forEach((t, k) => {
          expectNear(t.dataSync() as Float32Array, want[k]!, 1e-6, `${B}x${U} masked=${masked} output ${k}`);
        });
        tf.dispose([...Object.values(ts), ...out]);
      }
    }
  });

  it('says which input is wrong, and leaks nothing', () => {
    const [x8, c2, c3] = [tf.zeros([2, 8]), tf.zeros([2, 2]), tf.zeros([2, 3])];
    expect(() => run(LSTM_CELL_KERNEL, { xp: x8, r: x8, c: c3 })).toThrow(
      new RegExp(`${LSTM_CELL_KERNEL} \\(${backend}\\): xp must have shape \\[2, 12\\], got \\[2,8\\]`),
    );
    expect(() => run(LSTM_CELL_KERNEL, { xp: x8, c: c2 })).toThrow(/needs the input r/);
    const ints = tf.zeros([2, 2], 'int32');
    expect(() => run(LSTM_CELL_KERNEL, { xp: x8, r: x8, c: ints })).toThrow(/c must be float32, got int32/);
    expect(() =>
      run(LSTM_CELL_GRAD_KERNEL, { dy: c2, gh: c2, gc: c2, a: x8, c: c2, tc: c2, m: tf.zeros([2, 2]) }),
    ).toThrow(/m must have shape \[2, 1\]/);
    if (backend === 'wasm') {
      expectNoLeaks(() => run(LSTM_CELL_KERNEL, { xp: x8, r: x8, c: c2 }));
      expectNoLeaks(() => run(LSTM_CELL_GRAD_KERNEL, { dy: c2, gh: c2, gc: c2, a: x8, c: c2, tc: c2 }));
    }
    tf.dispose([x8, c2, c3, ints]);
  });
});
