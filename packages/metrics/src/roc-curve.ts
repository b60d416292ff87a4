import { assertKnownKeys, ConfigError, DataError } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import { oneShot } from './one-shot.js';
import { defineBinaryCurve, type ScoresState } from './score-curves.js';
import type { StreamingMetric } from './types.js';

export interface RocCurveOptions {
  /**
   * Default true, as scikit-learn: drop the thresholds whose point lies on the straight line between
   * its neighbours (they change neither the curve's shape nor its area).
   */
  readonly dropIntermediate?: boolean;
  /** Default 'rocCurve'. */
  readonly name?: string;
}

/** Points of a ROC curve, from (0, 0) at threshold +∞ to (1, 1) at the lowest score. */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  /** Decreasing; a sample is predicted positive when its score is ≥ the threshold. */
  readonly thresholds: number[];
}

/**
 * The receiver operating characteristic of a binary classifier, as scikit-learn's `roc_curve`: one
 * point per distinct score (tied scores move the curve diagonally), false and true positive rates,
 * and a first point (0, 0) at threshold +∞. Labels 0/1 `[N]` and one score per sample `[N]`/`[N, 1]`;
 * the scores are collected (`cat`) and sorted at compute, so the curve is exact. One class only
 * (no positives or no negatives) is a DataError, where scikit-learn warns and returns NaN rates.
 * `rocCurveOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rocCurveOf } from '@strata/metrics';
 *
 * // scikit-learn's roc_curve example (label 2 as 1).
 * const { fpr, tpr, thresholds } = rocCurveOf(tf.tensor1d([0, 0, 1, 1]), tf.tensor1d([0.1, 0.4, 0.35, 0.8]));
 * fpr; // => [0, 0, 0.5, 0.5, 1]
 * tpr; // => [0, 0.5, 0.5, 1, 1]
 * thresholds; // => [Infinity, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(options: RocCurveOptions = {}): StreamingMetric<ScoresState, RocCurve> {
  assertKnownKeys(options ?? {}, ['dropIntermediate', 'name'], 'rocCurve');
  const { dropIntermediate = true, name = 'rocCurve' } = options;
  if (typeof dropIntermediate !== 'boolean') {
    throw new ConfigError(
      'rocCurve({dropIntermediate})',
      `must be a boolean, got ${typeof dropIntermediate}`,
    );
  }
  return defineBinaryCurve(name, (points, { p, n }, label) => {
    if (p === 0 || n === 0) {
      throw new DataError(
        `rocCurve(${label})`,
        `only one class present in the labels; the ${p === 0 ? 'true' : 'false'} positive rate is 0/0`,
      );
    }
    const kept = dropIntermediate
      ? points.filter((pt, i) => {
          if (i === 0 || i === points.length - 1) return true;
          // A point is kept where the curve bends: the second difference of fps or tps is non-zero.
          const a = points[i - 1]!;
          const b = points[i + 1]!;
          return b.fp - 2 * pt.fp + a.fp !== 0 || b.tp - 2 * pt.tp + a.tp !== 0;
        })
      : points;
    return {
      fpr: [0, ...kept.map((pt) => pt.fp / n)],
      tpr: [0, ...kept.map((pt) => pt.tp / p)],
      thresholds: [Number.POSITIVE_INFINITY, ...kept.map((pt) => pt.threshold)],
    };
  });
}

/** `rocCurve`'s functional twin: the ROC curve of whole tensors at once. */
export function rocCurveOf(yTrue: tf.Tensor, yPred: tf.Tensor, options: RocCurveOptions = {}): RocCurve {
  return oneShot(rocCurve(options), yTrue, yPred);
}
