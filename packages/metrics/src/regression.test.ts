import { ConfigError, createRng, randomUniform, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { explainedVariance, explainedVarianceOf } from './explained-variance.js';
import { meanAbsoluteError, meanAbsoluteErrorOf } from './mean-absolute-error.js';
import { meanAbsolutePercentageErrorOf } from './mean-absolute-percentage-error.js';
import { meanSquaredErrorOf } from './mean-squared-error.js';
import { r2Score, r2ScoreOf } from './r2-score.js';
import { rootMeanSquaredErrorOf } from './root-mean-squared-error.js';

// References: scikit-learn's documented examples (the docstrings of mean_squared_error,
// root_mean_squared_error, mean_absolute_error, mean_absolute_percentage_error, r2_score and
// explained_variance_score, sklearn 1.5), and a plain float64 JS implementation of each definition.

const t1 = () => tf.tensor1d([3, -0.5, 2, 7]);
const p1 = () => tf.tensor1d([2.5, 0.0, 2, 8]);
const t2 = () =>
  tf.tensor2d([
    [0.5, 1],
    [-1, 1],
    [7, -6],
  ]);
const p2 = () =>
  tf.tensor2d([
    [0, 2],
    [-1, 2],
    [8, -5],
  ]);

/** Runs `f` on fresh tensors and frees them. */
function on<R>(f: (a: tf.Tensor, b: tf.Tensor) => R, makeA: () => tf.Tensor, makeB: () => tf.Tensor): R {
  const [a, b] = [makeA(), makeB()];
  try {
    return f(a, b);
  } finally {
    tf.dispose([a, b]);
  }
}

// Plain float64 references, column by column (scikit-learn's formulas).
type Cols = number[][]; // [output][sample]
const cols = (rows: number[][]): Cols => rows[0]!.map((_, j) => rows.map((r) => r[j]!));
const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const ss = (xs: number[]) => {
  const m = avg(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0);
};
function refR2(t: number[], p: number[]): number {
  const num = t.reduce((s, y, i) => s + (y - p[i]!) ** 2, 0);
  const den = ss(t);
  return num === 0 ? 1 : den === 0 ? 0 : 1 - num / den;
}
function refEv(t: number[], p: number[]): number {
  const num = ss(t.map((y, i) => y - p[i]!));
  const den = ss(t);
  return num === 0 ? 1 : den === 0 ? 0 : 1 - num / den;
}

describe("scikit-learn's documented examples", () => {
  it('mean squared error: 0.375, and 0.708 over two outputs', () => {
    expect(on(meanSquaredErrorOf, t1, p1)).toBeCloseTo(0.375, 6);
    expect(on(meanSquaredErrorOf, t2, p2)).toBeCloseTo(0.708333, 5);
  });
  it('root mean squared error: 0.612, and 0.822 (the mean of per-output roots)', () => {
    expect(on(rootMeanSquaredErrorOf, t1, p1)).toBeCloseTo(Math.sqrt(0.375), 6);
    expect(on(rootMeanSquaredErrorOf, t2, p2)).toBeCloseTo((Math.sqrt(5 / 12) + 1) / 2, 6);
    const raw = on((a, b) => rootMeanSquaredErrorOf(a, b, { multioutput: 'rawValues' }), t2, p2);
    expect(raw[0]).toBeCloseTo(Math.sqrt(5 / 12), 6);
    expect(raw[1]).toBeCloseTo(1, 6);
  });
  it('mean absolute error: 0.5, and 0.75 over two outputs', () => {
    expect(on(meanAbsoluteErrorOf, t1, p1)).toBeCloseTo(0.5, 6);
    expect(on(meanAbsoluteErrorOf, t2, p2)).toBeCloseTo(0.75, 6);
  });
  it('mean absolute percentage error: 0.3273, 0.5515, and 112589990684262.48 with a zero target', () => {
    expect(on(meanAbsolutePercentageErrorOf, t1, p1)).toBeCloseTo(0.327381, 5);
    expect(on(meanAbsolutePercentageErrorOf, t2, p2)).toBeCloseTo(0.551587, 5);
    // The zero target divides by float64's eps; float32 rounding of 0.1 and eps moves the 8th digit.
    const huge = on(
      meanAbsolutePercentageErrorOf,
      () => tf.tensor1d([1, 0, 2.4, 7]),
      () => tf.tensor1d([1.2, 0.1, 2.4, 8]),
    );
    expect(huge / 112589990684262.48).toBeCloseTo(1, 6);
  });
  it('r2 score: 0.948; per output 0.965 and 0.908; the degenerate cases', () => {
    expect(on(r2ScoreOf, t1, p1)).toBeCloseTo(0.948608, 5);
    const raw = on((a, b) => r2ScoreOf(a, b, { multioutput: 'rawValues' }), t2, p2);
    expect(raw[0]).toBeCloseTo(0.965438, 5);
    expect(raw[1]).toBeCloseTo(0.908163, 5);
    expect(on(r2ScoreOf, t2, p2)).toBeCloseTo((0.965438 + 0.908163) / 2, 5);
    const r2 = (t: number[], p: number[]) =>
      on(
        r2ScoreOf,
        () => tf.tensor1d(t),
        () => tf.tensor1d(p),
      );
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2([1, 2, 3], [2, 2, 2])).toBeCloseTo(0, 6);
    expect(r2([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 6);
    // Constant targets (force_finite=True): 1 if perfect, else 0. scikit-learn's own imperfect
    // prediction, −2 + 1e−8, rounds to −2 in float32, so a visible error stands in for it.
    expect(r2([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(r2([-2, -2, -2], [-2, -2, -1])).toBe(0);
    expect(r2([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toBe(1);
  });
  it('explained variance: 0.957, 0.983 over two outputs, and the degenerate cases', () => {
    expect(on(explainedVarianceOf, t1, p1)).toBeCloseTo(0.957173, 5);
    expect(on(explainedVarianceOf, t2, p2)).toBeCloseTo(0.983871, 5);
    const ev = (t: number[], p: number[]) =>
      on(
        explainedVarianceOf,
        () => tf.tensor1d(t),
        () => tf.tensor1d(p),
      );
    expect(ev([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(ev([-2, -2, -2], [-2, -2, -1])).toBe(0);
    // A constant bias leaves the residuals' variance at 0: explained variance 1, R² below 1.
    expect(ev([1, 2, 3], [2, 3, 4])).toBe(1);
    expect(
      on(
        r2ScoreOf,
        () => tf.tensor1d([1, 2, 3]),
        () => tf.tensor1d([2, 3, 4]),
      ),
    ).toBeCloseTo(-0.5, 6);
  });
});

describe('against a float64 reference', () => {
  it('every regression metric on three outputs of different scales (imbalanced magnitudes)', () => {
    const rng = createRng(7);
    const t = tf.mul(randomUniform(rng, [37, 3]), tf.tensor1d([1, 100, 0.01]));
    const p = tf.add(t, tf.mul(randomUniform(rng, [37, 3], -1, 1), tf.tensor1d([0.3, 5, 0.004])));
    const rowsT = t.arraySync() as number[][];
    const rowsP = p.arraySync() as number[][];
    const [ct, cp] = [cols(rowsT), cols(rowsP)];
    const flatT = rowsT.flat();
    const flatP = rowsP.flat();
    const errs = flatT.map((y, i) => y - flatP[i]!);
    expect(meanSquaredErrorOf(t, p)).toBeCloseTo(avg(errs.map((e) => e * e)), 3);
    expect(meanAbsoluteErrorOf(t, p)).toBeCloseTo(avg(errs.map(Math.abs)), 4);
    expect(
      meanAbsolutePercentageErrorOf(t, p) / avg(errs.map((e, i) => Math.abs(e) / Math.abs(flatT[i]!))),
    ).toBeCloseTo(1, 5);
    const rmse = ct.map((c, j) => Math.sqrt(avg(c.map((y, i) => (y - cp[j]![i]!) ** 2))));
    expect(rootMeanSquaredErrorOf(t, p, { multioutput: 'rawValues' })).toEqual(
      rmse.map((x) => expect.closeTo(x, 4)),
    );
    const r2 = ct.map((c, j) => refR2(c, cp[j]!));
    expect(r2ScoreOf(t, p, { multioutput: 'rawValues' })).toEqual(r2.map((x) => expect.closeTo(x, 5)));
    expect(r2ScoreOf(t, p)).toBeCloseTo(avg(r2), 5);
    const ev = ct.map((c, j) => refEv(c, cp[j]!));
    expect(explainedVarianceOf(t, p, { multioutput: 'rawValues' })).toEqual(
      ev.map((x) => expect.closeTo(x, 5)),
    );
    tf.dispose([t, p]);
  });

  it('R² and explained variance keep a small variance around a large mean, streamed over 50 batches', () => {
    // Targets 10⁴ + U(0, 1): Σy² − (Σy)²/n in float32 would lose every digit of the variance.
    const rng = createRng(3);
    const metrics = [r2Score(), explainedVariance()];
    const states = metrics.map((m) => m.init());
    const all: [number[], number[]] = [[], []];
    for (let b = 0; b < 50; b += 1) {
      const n = 5 + (b % 7);
      const t = tf.add(randomUniform(rng, [n]), 1e4);
      const p = tf.add(t, randomUniform(rng, [n], -0.2, 0.3));
      all[0].push(...(t.dataSync() as Float32Array));
      all[1].push(...(p.dataSync() as Float32Array));
      metrics.forEach((m, i) => {
        const next = m.update(states[i]!, t, p);
        m.dispose(states[i]!);
        states[i] = next;
      });
      tf.dispose([t, p]);
    }
    // The textbook one-pass float32 formula, Σy² − (Σy)²/n, loses the variance here entirely.
    const f = Math.fround;
    let [sum, sumSq] = [0, 0];
    for (const y of all[0]) [sum, sumSq] = [f(sum + y), f(sumSq + f(y * y))];
    const naive = f(sumSq - f(f(sum * sum) / all[0].length));
    const exact = ss(all[0]);
    expect(Math.abs(naive - exact) / exact).toBeGreaterThan(0.1);
    expect(metrics[0]!.compute(states[0]!)).toBeCloseTo(refR2(...all), 4);
    expect(metrics[1]!.compute(states[1]!)).toBeCloseTo(refEv(...all), 4);
    metrics.forEach((m, i) => {
      m.dispose(states[i]!);
    });
  });
});

describe('degenerate and wrong input', () => {
  it('nothing seen gives NaN; R² of one sample is NaN (scikit-learn: not well-defined)', () => {
    const mae = meanAbsoluteError();
    const s = mae.init();
    expect(mae.compute(s)).toBeNaN();
    mae.dispose(s);
    const r2 = r2Score();
    const e = r2.init();
    expect(r2.compute(e)).toBeNaN();
    r2.dispose(e);
    expect(
      on(
        r2ScoreOf,
        () => tf.tensor1d([1]),
        () => tf.tensor1d([2]),
      ),
    ).toBeNaN();
  });
  it('an empty batch changes nothing', () => {
    const r2 = r2Score();
    const s0 = r2.init();
    const [t, p, e] = [t1(), p1(), tf.tensor1d([])];
    const s1 = r2.update(s0, t, p);
    const s2 = r2.update(s1, e, e);
    expect(r2.compute(s2)).toBeCloseTo(r2.compute(s1), 6);
    for (const s of [s0, s1, s2]) r2.dispose(s);
    tf.dispose([t, p, e]);
  });
  it('labelled errors for shapes and options', () => {
    expect(() =>
      on(
        meanSquaredErrorOf,
        () => tf.zeros([3]),
        () => tf.zeros([4]),
      ),
    ).toThrow(ShapeError);
    expect(() =>
      on(
        r2ScoreOf,
        () => tf.zeros([3, 2, 1]),
        () => tf.zeros([3, 2, 1]),
      ),
    ).toThrow(/r2Score\(r2Score\): targets of shape \[3, 2, 1\]/);
    // [B] against [B, 1] is one output.
    expect(
      on(
        meanSquaredErrorOf,
        () => tf.tensor1d([1, 2]),
        () => tf.tensor2d([[1], [4]]),
      ),
    ).toBeCloseTo(2, 6);
    expect(() => r2Score({ multioutput: 'variance_weighted' as 'rawValues' })).toThrow(ConfigError);
    expect(() => meanAbsoluteError({ nmae: 'x' } as object)).toThrow(ConfigError);
    // Outputs must stay the same from batch to batch (checked when the segments are read).
    const ev = explainedVariance();
    const s0 = ev.init();
    const [a, b] = [tf.zeros([2, 2]), tf.zeros([2, 3])];
    const s1 = ev.update(s0, a, a);
    const s2 = ev.update(s1, b, b);
    expect(() => ev.compute(s2)).toThrow(/batches had 2 outputs and then 3/);
    for (const s of [s0, s1, s2]) ev.dispose(s);
    tf.dispose([a, b]);
  });
});
