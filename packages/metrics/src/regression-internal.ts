import { assertKnownKeys, assertOneOf, formatShape, ShapeError, sameShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/*
 * What the regression metrics share (not exported from the package): shape checks, the bounded
 * "mean of an elementwise error" state, and the per-output moment segments that R², explained
 * variance and RMSE merge in float64 on the host.
 */

/**
 * Targets and predictions as float32 `[B, D]` columns (one column per output). Both must have the
 * same shape, `[B]` or `[B, D]`; `[B]` against `[B, 1]` is one output either way.
 */
export function regressionColumns(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  label: string,
): [tf.Tensor2D, tf.Tensor2D] {
  const t = yTrue.shape;
  const p = yPred.shape;
  const column = (s: readonly number[]) => (s.length === 1 ? [s[0]!, 1] : s);
  const fits =
    t.length >= 1 && t.length <= 2 && p.length >= 1 && p.length <= 2 && sameShape(column(t), column(p));
  if (!fits) {
    throw new ShapeError(
      label,
      `targets of shape ${formatShape(t)} do not match predictions of shape ${formatShape(p)}; pass both as [B] or [B, outputs]`,
    );
  }
  const [b, d] = column(p) as [number, number];
  return [
    tf.reshape(tf.cast(yTrue, 'float32'), [b, d]) as tf.Tensor2D,
    tf.reshape(tf.cast(yPred, 'float32'), [b, d]) as tf.Tensor2D,
  ];
}

/** The sum of an elementwise error (float32) and how many elements it covers (int32). */
export type MeanErrorState = { readonly total: tf.Tensor; readonly count: tf.Tensor };

/**
 * A metric that is the mean of `error(yTrue, yPred)` over every element. With the same number of
 * samples per output this is also scikit-learn's 'uniform_average' of the per-output means. With
 * nothing seen the result is NaN.
 */
export function meanErrorMetric(
  fn: string,
  options: { readonly name?: string },
  defaultName: string,
  error: (yTrue: tf.Tensor2D, yPred: tf.Tensor2D) => tf.Tensor,
): StreamingMetric<MeanErrorState, number> {
  assertKnownKeys(options, ['name'], fn);
  const name = options.name ?? defaultName;
  const label = `${fn}(${name})`;
  return defineMetric<MeanErrorState, number>({
    name,
    higherIsBetter: false,
    reductions: { total: 'sum', count: 'sum' },
    init: () => ({ total: tf.scalar(0), count: tf.scalar(0, 'int32') }),
    batch(yTrue, yPred) {
      const [t, p] = regressionColumns(yTrue, yPred, label);
      return { total: tf.sum(error(t, p)), count: tf.scalar(t.size, 'int32') };
    },
    compute(state) {
      const { total, count } = readState(state);
      return count[0]! > 0 ? total[0]! / count[0]! : Number.NaN;
    },
  });
}

/** scikit-learn's `multioutput`: the mean over outputs, or one value per output. */
export type Multioutput = 'uniformAverage' | 'rawValues';
/** A number for 'uniformAverage', one number per output for 'rawValues'. */
export type MultioutputResult<M extends Multioutput> = M extends 'rawValues' ? number[] : number;

/**
 * Per-batch statistics kept as segments of one flat float32 vector, concatenated batch after batch
 * (reduction `cat`): `[D, n, part₁ (D values), part₂, …]`. The state grows by `2 + parts·D` numbers per
 * batch; `compute` combines the segments in float64.
 */
export type MomentsState = { readonly segments: tf.Tensor };

/** One batch's segment; an empty batch gives an empty one. */
export function segment(n: number, d: number, parts: readonly tf.Tensor[]): tf.Tensor1D {
  if (n === 0) return tf.tensor1d([], 'float32');
  return tf.concat([tf.tensor1d([d, n], 'float32'), ...parts.map((x) => tf.reshape(x, [d]))]) as tf.Tensor1D;
}

/** The segments back as `{ n, parts }` in float64; every segment must have the same number of outputs. */
export function readSegments(
  flat: Float32Array | Int32Array,
  parts: number,
  label: string,
): { d: number; segments: { n: number; parts: Float64Array[] }[] } {
  const segments: { n: number; parts: Float64Array[] }[] = [];
  let d = -1;
  for (let at = 0; at < flat.length; ) {
    const width = flat[at]!;
    if (d >= 0 && width !== d) {
      throw new ShapeError(
        label,
        `batches had ${d} outputs and then ${width}; every batch needs the same outputs`,
      );
    }
    d = width;
    const n = flat[at + 1]!;
    const ps: Float64Array[] = [];
    for (let i = 0; i < parts; i += 1)
      ps.push(Float64Array.from(flat.subarray(at + 2 + i * d, at + 2 + (i + 1) * d)));
    segments.push({ n, parts: ps });
    at += 2 + parts * d;
  }
  return { d: Math.max(d, 0), segments };
}

/**
 * Shifted sums of each column, `[shift, Σ(x − shift), Σ(x − shift)²]` with the batch's first row as
 * the shift: summing deviations from a value inside the data avoids the cancellation of Σx² − (Σx)²/n
 * in float32 (the "shifted data" algorithm), and a constant column gives exactly 0.
 */
export function shiftedSums(x: tf.Tensor2D): tf.Tensor[] {
  const [b, d] = x.shape;
  if (b === 0) return [];
  const shift = tf.slice(x, [0, 0], [1, d]);
  const dev = tf.sub(x, shift);
  return [shift, tf.sum(dev, 0), tf.sum(tf.square(dev), 0)];
}

/** Count, mean and M2 (the sum of squared deviations from the mean), per output. */
export interface Moments {
  n: number;
  mean: Float64Array;
  m2: Float64Array;
}

/** The moments of one batch from its shifted sums. */
export function momentsOf(n: number, shift: Float64Array, s1: Float64Array, s2: Float64Array): Moments {
  const mean = shift.map((c, j) => c + s1[j]! / n);
  const m2 = s2.map((s, j) => Math.max(0, s - (s1[j]! * s1[j]!) / n));
  return { n, mean, m2 };
}

/**
 * Chan, Golub & LeVeque's pairwise update ("Updating formulae and a pairwise algorithm for computing
 * sample variances", 1979): M2 = M2a + M2b + δ²·na·nb/n with δ = mean_b − mean_a.
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const mean = a.mean.map((m, j) => m + ((b.mean[j]! - m) * b.n) / n);
  const m2 = a.m2.map((m, j) => {
    const delta = b.mean[j]! - a.mean[j]!;
    return m + b.m2[j]! + (delta * delta * a.n * b.n) / n;
  });
  return { n, mean, m2 };
}

/**
 * scikit-learn's `_assemble_r2_explained_variance` with `force_finite=True`: 1 − num/den where both
 * are nonzero, 0 where only the denominator is zero (constant targets, imperfect predictions), and 1
 * where the numerator is zero (perfect predictions, constant targets included).
 */
export function oneMinusRatio(numerator: number, denominator: number): number {
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** Resolves `multioutput` for a per-output result. */
export function reduceOutputs(scores: number[], multioutput: Multioutput): number | number[] {
  if (multioutput === 'rawValues') return scores;
  return scores.length === 0 ? Number.NaN : scores.reduce((s, x) => s + x, 0) / scores.length;
}

/** Checks `multioutput` and `name` options of a per-output metric. */
export function multioutputOptions(
  options: { readonly multioutput?: Multioutput; readonly name?: string },
  fn: string,
  defaultName: string,
): { multioutput: Multioutput; name: string; label: string } {
  assertKnownKeys(options, ['multioutput', 'name'], fn);
  const { multioutput = 'uniformAverage', name = defaultName } = options;
  assertOneOf(multioutput, ['uniformAverage', 'rawValues'], `${fn}({multioutput})`);
  return { multioutput, name, label: `${fn}(${name})` };
}

/**
 * The state R² and explained variance share: per batch and output, the shifted sums of the targets
 * and of the residuals y − ŷ, and Σ(y − ŷ)².
 */
export function targetResidualMoments(
  name: string,
  label: string,
  higherIsBetter: boolean,
  compute: (d: number, y: Moments, residual: Moments, sse: Float64Array) => number | number[],
): StreamingMetric<MomentsState, number | number[]> {
  return defineMetric<MomentsState, number | number[]>({
    name,
    higherIsBetter,
    reductions: { segments: 'cat' },
    init: () => ({ segments: tf.tensor1d([], 'float32') }),
    batch(yTrue, yPred) {
      const [t, p] = regressionColumns(yTrue, yPred, label);
      const r = tf.sub(t, p) as tf.Tensor2D;
      const [b, d] = t.shape;
      return { segments: segment(b, d, [...shiftedSums(t), ...shiftedSums(r), tf.sum(tf.square(r), 0)]) };
    },
    compute(state) {
      const { d, segments } = readSegments(readState(state).segments, 7, label);
      const zero = (): Moments => ({ n: 0, mean: new Float64Array(d), m2: new Float64Array(d) });
      let y = zero();
      let residual = zero();
      const sse = new Float64Array(d);
      for (const { n, parts } of segments) {
        const [ys, y1, y2, rs, r1, r2, e] = parts as [
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        y = mergeMoments(y, momentsOf(n, ys, y1, y2));
        residual = mergeMoments(residual, momentsOf(n, rs, r1, r2));
        e.forEach((v, j) => {
          sse[j] = sse[j]! + v;
        });
      }
      return compute(d, y, residual, sse);
    },
  });
}
