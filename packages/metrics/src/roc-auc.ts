import { assertOneOf, ConfigError, DataError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ScoreOf, TaskOptions } from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { oneShot } from './one-shot.js';
import {
  aucOfGroups,
  averageCurve,
  batchScores,
  CURVE_AVERAGES,
  type CurveAverage,
  initScores,
  readColumns,
  resolveScoreTask,
  SCORES_REDUCTIONS,
  type ScoresState,
} from './score-curves.js';
import type { StreamingMetric } from './types.js';

/** Options of `rocAuc`. */
export interface RocAucOptions extends Omit<TaskOptions, 'threshold'> {
  /**
   * Multiclass (one-vs-rest) and multilabel: 'macro' (default), 'weighted' (by positives per class),
   * 'none' (one per class); multilabel also 'micro' (all labels pooled). Ignored for binary.
   */
  readonly average?: CurveAverage;
  /** The name logs use. Default 'rocAuc'. */
  readonly name?: string;
}

/** The result type for an `average`: one number, or one per class for 'none' (as `ScoreOf`). */
export type CurveScoreOf<O> = ScoreOf<O>;

/**
 * The exact area under the ROC curve, as scikit-learn's `roc_auc_score`: the scores and targets are
 * collected (a `cat` state, so memory grows with the data; see `rocAucBinned` for data too large to
 * keep) and sorted at compute. Tied scores form one threshold, so a tied positive–negative pair counts
 * ½ (the trapezoidal area of `roc_curve`, as scikit-learn). Binary: one score per sample. Multiclass:
 * one-vs-rest over probabilities `[N, K]` (rows must sum to 1, as scikit-learn checks), 'macro' or
 * 'weighted'. Multilabel: per label.
 *
 * Degenerate input, as scikit-learn: a class (or label, or the binary labels) with only positives or
 * only negatives throws a DataError at compute ("only one class present"). Deviation: no `max_fpr`
 * and no one-vs-one. `rocAucOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rocAuc, rocAucOf } from '@strata/metrics';
 *
 * // scikit-learn's roc_curve example (label 2 as 1): 3 of the 4 positive–negative pairs are ordered.
 * const yTrue = tf.tensor1d([0, 0, 1, 1]);
 * const scores = tf.tensor1d([0.1, 0.4, 0.35, 0.8]);
 * const auc = rocAuc({ task: 'binary' });
 * auc.compute(auc.update(auc.init(), yTrue, scores)); // => 0.75
 * // One-vs-rest: each class's probabilities rank its samples first.
 * const probs = tf.tensor2d([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]);
 * rocAucOf(tf.tensor1d([0, 1, 2], 'int32'), probs, { task: 'multiclass', numClasses: 3 }); // => 1
 * ```
 */
export function rocAuc<const O extends RocAucOptions>(
  options: O,
): StreamingMetric<ScoresState, CurveScoreOf<O>> {
  const name = options.name ?? 'rocAuc';
  const t = resolveScoreTask(options, 'rocAuc', name, ['average', 'name']);
  const average = options.average ?? 'macro';
  assertOneOf(average, CURVE_AVERAGES, 'rocAuc({average})');
  if (t.task === 'multiclass' && average === 'micro') {
    throw new ConfigError(
      'rocAuc({average})',
      "one-vs-rest multiclass AUC takes 'macro', 'weighted' or 'none'",
    );
  }
  return defineMetric<ScoresState, number | number[]>({
    name,
    higherIsBetter: true,
    reductions: SCORES_REDUCTIONS,
    init: () => initScores(t),
    batch: (yTrue, yPred) => batchScores(t, yTrue, yPred),
    compute(state) {
      const cols = readColumns(t, state);
      if (t.task === 'multiclass') {
        const n = cols.scores[0]!.length;
        for (let i = 0; i < n; i++) {
          const sum = cols.scores.reduce((s, col) => s + col[i]!, 0);
          if (Math.abs(sum - 1) > 1e-4) {
            throw new DataError(
              t.label,
              `one-vs-rest AUC needs probabilities: row ${i} of the scores sums to ${sum}, not 1 (apply softmax first)`,
            );
          }
        }
      }
      return averageCurve(
        cols,
        (g, column) => {
          const auc = aucOfGroups(g);
          if (Number.isNaN(auc)) {
            const where =
              t.task === 'binary'
                ? 'the labels'
                : column === 'micro'
                  ? 'the pooled labels'
                  : `class ${column}`;
            throw new DataError(t.label, `only one class present in ${where}; ROC AUC is not defined there`);
          }
          return auc;
        },
        average,
      );
    },
  }) as StreamingMetric<ScoresState, CurveScoreOf<O>>;
}

/** `rocAuc`'s functional twin: the exact ROC-AUC of whole tensors at once. */
export function rocAucOf<const O extends RocAucOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): CurveScoreOf<O> {
  return oneShot(rocAuc(options), yTrue, yPred);
}
