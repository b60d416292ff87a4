import { assertKnownKeys, DataError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { oneShot } from './one-shot.js';
import {
  batchScores,
  initScores,
  readColumns,
  SCORES_REDUCTIONS,
  type ScoresState,
  type ScoreTask,
  tieGroups,
} from './score-curves.js';
import type { StreamingMetric } from './types.js';

/** Points of a precision–recall curve, recall decreasing, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: number[];
  readonly recall: number[];
  /** Increasing, one fewer than the points: the last point (precision 1, recall 0) has none. */
  readonly thresholds: number[];
}

/**
 * Precision and recall at every threshold of a binary classifier, in scikit-learn's
 * `precision_recall_curve` layout (≥ 1.1): thresholds are the distinct scores in increasing order
 * (predicted positive when score ≥ threshold), recall decreases, and a last point (precision 1,
 * recall 0) with no threshold closes the curve. Every threshold predicts at least one positive, so
 * precision is never 0/0. No positives at all is a DataError (recall 0/0), where scikit-learn warns. `precisionRecallCurveOf`
 * is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { precisionRecallCurveOf } from '@strata/metrics';
 *
 * // scikit-learn's precision_recall_curve example.
 * const curve = precisionRecallCurveOf(tf.tensor1d([0, 0, 1, 1]), tf.tensor1d([0.1, 0.4, 0.35, 0.8]));
 * curve.precision.map((p) => Math.round(p * 1e4) / 1e4); // => [0.5, 0.6667, 0.5, 1, 1]
 * curve.recall; // => [1, 1, 0.5, 0.5, 0]
 * curve.thresholds.map((v) => Math.round(v * 100) / 100); // => [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(
  options: { readonly name?: string } = {},
): StreamingMetric<ScoresState, PrecisionRecallCurve> {
  assertKnownKeys(options ?? {}, ['name'], 'precisionRecallCurve');
  const name = options.name ?? 'precisionRecallCurve';
  const t: ScoreTask = { task: 'binary', k: 1, label: `precisionRecallCurve(${name})` };
  return defineMetric<ScoresState, PrecisionRecallCurve>({
    name,
    higherIsBetter: true,
    reductions: SCORES_REDUCTIONS,
    init: () => initScores(t),
    batch: (yTrue, yPred) => batchScores(t, yTrue, yPred),
    compute(state) {
      const cols = readColumns(t, state);
      const { pos, neg, scores = [] } = tieGroups(cols.scores[0]!, cols.targets[0]!);
      const p = pos.reduce((a, b) => a + b, 0);
      if (p === 0) throw new DataError(t.label, 'no positive labels; recall is 0/0 at every threshold');
      let tps = 0;
      let fps = 0;
      const precision: number[] = [];
      const recall: number[] = [];
      pos.forEach((g, i) => {
        tps += g;
        fps += neg[i]!;
        precision.push(tps / (tps + fps));
        recall.push(tps / p);
      });
      return {
        precision: [...precision.reverse(), 1],
        recall: [...recall.reverse(), 0],
        thresholds: [...scores].reverse(),
      };
    },
  });
}

/** `precisionRecallCurve`'s functional twin: the curve of whole tensors at once. */
export function precisionRecallCurveOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: { readonly name?: string } = {},
): PrecisionRecallCurve {
  return oneShot(precisionRecallCurve(options), yTrue, yPred);
}
