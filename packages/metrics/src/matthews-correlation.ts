import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineSingleLabelMetric, type SingleLabelOptions } from './single-label.js';
import type { StreamingMetric } from './types.js';

/** Options of `matthewsCorrelation`: binary or multiclass inputs. */
export interface MatthewsCorrelationOptions extends SingleLabelOptions {}

/**
 * The Matthews correlation coefficient, as scikit-learn's `matthews_corrcoef`, by the multiclass
 * confusion-matrix formula (Gorodkin 2004), which is the φ coefficient for two classes:
 * `(c·s − Σ pₖtₖ) / √((s² − Σ pₖ²)(s² − Σ tₖ²))` with c the correct count, s the samples, tₖ and
 * pₖ the true and predicted counts of class k. When either factor under the root is 0 (one class in
 * the labels or in the predictions) the result is 0, as in scikit-learn. `matthewsCorrelationOf`
 * is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { matthewsCorrelation, matthewsCorrelationOf } from '@strata/metrics';
 *
 * // scikit-learn's matthews_corrcoef example, with −1 written as 0.
 * const yTrue = tf.tensor1d([1, 1, 1, 0]);
 * const yPred = tf.tensor1d([1, 0, 1, 1]);
 * const mcc = matthewsCorrelation({ task: 'binary' });
 * mcc.compute(mcc.update(mcc.init(), yTrue, yPred)); // => -0.3333
 * // Everything predicted as one class: 0.
 * matthewsCorrelationOf(yTrue, tf.tensor1d([1, 1, 1, 1]), { task: 'binary' }); // => 0
 * ```
 */
export function matthewsCorrelation(
  options: MatthewsCorrelationOptions,
): StreamingMetric<ClassCountsState, number> {
  return defineSingleLabelMetric('matthewsCorrelation', options, [], ({ matrix, tp, n }) => {
    const t = matrix.map((row) => row.reduce((s, v) => s + v, 0));
    const p = matrix[0]!.map((_, j) => matrix.reduce((s, row) => s + row[j]!, 0));
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const correct = tp.reduce((s, v) => s + v, 0);
    const cov = correct * n - dot(t, p);
    const pp = n * n - dot(p, p);
    const tt = n * n - dot(t, t);
    return pp * tt === 0 ? 0 : cov / Math.sqrt(pp * tt);
  });
}

/** `matthewsCorrelation`'s functional twin: over whole tensors at once. */
export function matthewsCorrelationOf(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: MatthewsCorrelationOptions,
): number {
  return oneShot(matthewsCorrelation(options), yTrue, yPred);
}
