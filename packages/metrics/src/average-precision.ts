import { assertOneOf } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { oneShot } from './one-shot.js';
import type { CurveScoreOf, RocAucOptions } from './roc-auc.js';
import {
  apOfGroups,
  averageCurve,
  batchScores,
  CURVE_AVERAGES,
  initScores,
  readColumns,
  resolveScoreTask,
  SCORES_REDUCTIONS,
  type ScoresState,
} from './score-curves.js';
import type { StreamingMetric } from './types.js';

/** Options of `averagePrecision`: as `rocAuc`, and 'micro' is allowed for multiclass too. */
export interface AveragePrecisionOptions extends RocAucOptions {
  /** Called with the reason when a class has no positives (its AP is then 0). */
  readonly onIllDefined?: (reason: string) => void;
}

/**
 * Exact average precision, as scikit-learn's `average_precision_score`: the step-wise sum
 * `Σₙ (Rₙ − Rₙ₋₁)·Pₙ` over the thresholds in descending order (tied scores are one threshold), not the
 * interpolated area under the precision–recall curve. Scores and targets are collected (`cat`) and
 * sorted at compute; see `averagePrecisionBinned` for data too large to keep. Binary; multiclass
 * (one-vs-rest over the score columns) and multilabel with 'macro' (default), 'weighted', 'micro'
 * or 'none'.
 *
 * Degenerate input, as scikit-learn ≥ 1.3: with no positives the recall is 1 at every threshold and the
 * AP is 0; `onIllDefined` is told. `averagePrecisionOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { averagePrecision, averagePrecisionOf } from '@strata/metrics';
 *
 * // scikit-learn's average_precision_score example: ½·1 + ½·⅔.
 * const yTrue = tf.tensor1d([0, 0, 1, 1]);
 * const scores = tf.tensor1d([0.1, 0.4, 0.35, 0.8]);
 * const ap = averagePrecision({ task: 'binary' });
 * ap.compute(ap.update(ap.init(), yTrue, scores)); // => 0.8333
 * averagePrecisionOf(yTrue, scores, { task: 'binary' }); // => 0.8333
 * ```
 */
export function averagePrecision<const O extends AveragePrecisionOptions>(
  options: O,
): StreamingMetric<ScoresState, CurveScoreOf<O>> {
  const name = options.name ?? 'averagePrecision';
  const t = resolveScoreTask(options, 'averagePrecision', name, ['average', 'name', 'onIllDefined']);
  const average = options.average ?? 'macro';
  assertOneOf(average, CURVE_AVERAGES, 'averagePrecision({average})');
  return defineMetric<ScoresState, number | number[]>({
    name,
    higherIsBetter: true,
    reductions: SCORES_REDUCTIONS,
    init: () => initScores(t),
    batch: (yTrue, yPred) => batchScores(t, yTrue, yPred),
    compute(state) {
      return averageCurve(
        readColumns(t, state),
        (g, column) => {
          if (g.pos.every((p) => p === 0)) {
            const where =
              t.task === 'binary'
                ? 'the labels'
                : column === 'micro'
                  ? 'the pooled labels'
                  : `class ${column}`;
            options.onIllDefined?.(
              `${t.label}: no positives in ${where}; recall is 1 at every threshold and AP 0`,
            );
          }
          return apOfGroups(g);
        },
        average,
      );
    },
  }) as StreamingMetric<ScoresState, CurveScoreOf<O>>;
}

/** `averagePrecision`'s functional twin: the exact AP of whole tensors at once. */
export function averagePrecisionOf<const O extends AveragePrecisionOptions>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: O,
): CurveScoreOf<O> {
  return oneShot(averagePrecision(options), yTrue, yPred);
}
