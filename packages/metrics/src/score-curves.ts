import { ConfigError, DataError, formatShape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  assertMultilabel,
  binaryScores,
  type ClassificationTask,
  resolveTask,
  type TaskOptions,
} from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { classIndices } from './internal.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

/*
 * What ROC-AUC and average precision share (not exported from the package): the collected scores and
 * 0/1 targets (`cat`), tie groups in descending score order, and the step-wise curve sums over them.
 */

/** Scores and 0/1 targets `[N, K]` (K = 1 for binary), float32, concatenated over batches. */
export type ScoresState = { readonly scores: tf.Tensor; readonly targets: tf.Tensor };

export const SCORES_REDUCTIONS = { scores: 'cat', targets: 'cat' } as const;

export interface ScoreTask {
  readonly task: ClassificationTask;
  readonly k: number;
  readonly label: string;
}

export function resolveScoreTask(
  options: TaskOptions,
  fn: string,
  name: string,
  extraKeys: readonly string[],
): ScoreTask {
  if ('threshold' in options) {
    throw new ConfigError(`${fn}({threshold})`, 'a ranking metric uses every threshold; remove the option');
  }
  const t = resolveTask(options, fn, name, extraKeys);
  return { task: t.task, k: t.task === 'binary' ? 1 : t.k, label: t.label };
}

export function initScores(t: ScoreTask): ScoresState {
  return { scores: tf.zeros([0, t.k]), targets: tf.zeros([0, t.k]) };
}

export function batchScores(t: ScoreTask, yTrue: tf.Tensor, yPred: tf.Tensor): ScoresState {
  if (t.task === 'binary') {
    const scores = tf.reshape(binaryScores(yTrue, yPred, t.label), [-1, 1]);
    return { scores, targets: tf.reshape(tf.cast(yTrue, 'float32'), [-1, 1]) };
  }
  if (t.task === 'multilabel') {
    assertMultilabel(yTrue, yPred, t.k, t.label);
    return { scores: tf.cast(yPred, 'float32'), targets: tf.cast(yTrue, 'float32') };
  }
  if (yPred.rank !== 2 || yPred.shape[1] !== t.k) {
    throw new ShapeError(
      t.label,
      `multiclass scores of shape ${formatShape(yPred.shape)} must be [N, ${t.k}]`,
    );
  }
  const labels = classIndices(yTrue, yPred, t.label);
  return {
    scores: tf.cast(yPred, 'float32'),
    // int32 then cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into float32 outputs.
    targets: tf.cast(tf.oneHot(labels, t.k, 1, 0, 'int32'), 'float32'),
  };
}

/** The collected columns, read from the device once: `scores[c]`, `targets[c]` for each of the K. */
export function readColumns(t: ScoreTask, state: ScoresState): { scores: number[][]; targets: number[][] } {
  const { scores, targets } = readState(state);
  const n = scores.length / t.k;
  const column = (flat: Float32Array | Int32Array, c: number) =>
    Array.from({ length: n }, (_, i) => flat[i * t.k + c]!);
  const cols = Array.from({ length: t.k }, (_, c) => c);
  const out = { scores: cols.map((c) => column(scores, c)), targets: cols.map((c) => column(targets, c)) };
  for (const target of out.targets) {
    const bad = target.find((v) => v !== 0 && v !== 1);
    if (bad !== undefined) throw new DataError(t.label, `targets must be 0 or 1, got ${bad}`);
  }
  return out;
}

/** Positives and negatives per distinct score, highest score first (tied scores form one group). */
export interface Groups {
  readonly pos: number[];
  readonly neg: number[];
  /** Each group's score (the threshold at which it turns positive). */
  readonly scores?: number[];
}

export function tieGroups(scores: readonly number[], targets: readonly number[]): Groups {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const pos: number[] = [];
  const neg: number[] = [];
  const distinct: number[] = [];
  let last = Number.NaN;
  for (const i of order) {
    if (scores[i] !== last) {
      pos.push(0);
      neg.push(0);
      last = scores[i]!;
      distinct.push(last);
    }
    if (targets[i] === 1) pos[pos.length - 1]! += 1;
    else neg[neg.length - 1]! += 1;
  }
  return { pos, neg, scores: distinct };
}

/**
 * The area under the ROC curve through the points of each threshold (trapezoids: a tie group is one
 * diagonal step, i.e. a tied positive–negative pair counts ½), as scikit-learn's `roc_auc_score`
 * computes from `roc_curve`. Undefined (NaN) when only one class is present.
 */
export function aucOfGroups({ pos, neg }: Groups): number {
  const p = pos.reduce((s, v) => s + v, 0);
  const n = neg.reduce((s, v) => s + v, 0);
  if (p === 0 || n === 0) return Number.NaN;
  let area = 0;
  let tps = 0;
  pos.forEach((g, i) => {
    area += neg[i]! * (tps + g / 2);
    tps += g;
  });
  return area / (p * n);
}

/**
 * Average precision, scikit-learn's step-wise `Σₙ (Rₙ − Rₙ₋₁)·Pₙ` over the thresholds (each tie group),
 * not the interpolated area. With no positives the recall is taken as 1 at every threshold, as
 * scikit-learn ≥ 1.3 does, which makes the sum 0.
 */
export function apOfGroups({ pos, neg }: Groups): number {
  const p = pos.reduce((s, v) => s + v, 0);
  if (p === 0) return 0;
  let sum = 0;
  let tps = 0;
  let fps = 0;
  pos.forEach((g, i) => {
    tps += g;
    fps += neg[i]!;
    if (g > 0) sum += (g / p) * (tps / (tps + fps));
  });
  return sum;
}

/** Which columns' values an average takes, and how. */
export type CurveAverage = 'micro' | 'macro' | 'weighted' | 'none';

export const CURVE_AVERAGES: readonly CurveAverage[] = ['micro', 'macro', 'weighted', 'none'];

/**
 * A curve score per column, averaged: 'macro' the plain mean, 'weighted' weighted by positives,
 * 'micro' the score of all columns pooled, 'none' one per column. Binary has one column.
 */
export function averageCurve(
  cols: { scores: number[][]; targets: number[][] },
  score: (g: Groups, column: number | 'micro') => number,
  average: CurveAverage,
): number | number[] {
  if (average === 'micro') return score(tieGroups(cols.scores.flat(), cols.targets.flat()), 'micro');
  const values = cols.scores.map((s, c) => score(tieGroups(s, cols.targets[c]!), c));
  if (average === 'none') return values;
  if (values.length === 1) return values[0]!;
  if (average === 'macro') return values.reduce((s, v) => s + v, 0) / values.length;
  const weights = cols.targets.map((t) => t.reduce((s, v) => s + v, 0));
  const total = weights.reduce((s, v) => s + v, 0);
  return values.reduce((s, v, c) => (weights[c]! > 0 ? s + v * weights[c]! : s), 0) / total;
}

/** Cumulative true and false positives when samples with score ≥ `threshold` are called positive. */
export interface CurvePoint {
  readonly tp: number;
  readonly fp: number;
  readonly threshold: number;
}

/**
 * A binary curve as a streaming metric: the scores and labels are collected (`cat`), and at compute
 * `fromPoints` gets one point per distinct score, highest first, with the totals of positives `p` and
 * negatives `n`. What `rocCurve` and `precisionRecallCurve` share.
 */
export function defineBinaryCurve<R>(
  name: string,
  fromPoints: (points: readonly CurvePoint[], totals: { p: number; n: number }, label: string) => R,
): StreamingMetric<ScoresState, R> {
  const t: ScoreTask = { task: 'binary', k: 1, label: `${name}` };
  return defineMetric<ScoresState, R>({
    name,
    higherIsBetter: true,
    reductions: SCORES_REDUCTIONS,
    init: () => initScores(t),
    batch: (yTrue, yPred) => batchScores(t, yTrue, yPred),
    compute(state) {
      const cols = readColumns(t, state);
      const { pos, neg, scores = [] } = tieGroups(cols.scores[0]!, cols.targets[0]!);
      let tp = 0;
      let fp = 0;
      const points = pos.map((g, i) => {
        tp += g;
        fp += neg[i]!;
        return { tp, fp, threshold: scores[i]! };
      });
      return fromPoints(points, { p: tp, n: fp }, t.label);
    },
  });
}
