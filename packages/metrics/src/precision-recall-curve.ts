import { assertKnownKeys, DataError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { defineBinaryCurve, type ScoresState } from './score-curves.js';
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
  return defineBinaryCurve(name, (points, { p }, label) => {
    if (p === 0)
      throw new DataError(
        `precisionRecallCurve(${label})`,
        'no positive labels; recall is 0/0 at every threshold',
      );
    // Thresholds increasing, recall decreasing, as scikit-learn lays them out.
    const rising = [...points].reverse();
    return {
      precision: [...rising.map((pt) => pt.tp / (pt.tp + pt.fp)), 1],
      recall: [...rising.map((pt) => pt.tp / p), 0],
      thresholds: rising.map((pt) => pt.threshold),
    };
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
