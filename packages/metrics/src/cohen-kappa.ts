import { assertOneOf } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ClassCountsState } from './class-counts.js';
import { oneShot } from './one-shot.js';
import { defineSingleLabelMetric, type SingleLabelOptions } from './single-label.js';
import type { StreamingMetric } from './types.js';

/** Options of `cohenKappa`: binary or multiclass inputs and the disagreement weights. */
export interface CohenKappaOptions extends SingleLabelOptions {
  /** 'none' (default): every disagreement weighs 1; 'linear': |i − j|; 'quadratic': (i − j)². */
  readonly weights?: 'none' | 'linear' | 'quadratic';
}

/**
 * Cohen's kappa between labels and predictions, as scikit-learn's `cohen_kappa_score`:
 * `κ = 1 − Σ wᵢⱼ Oᵢⱼ / Σ wᵢⱼ Eᵢⱼ` with O the confusion matrix, E the outer product of its row and
 * column sums over the sample count, and w the disagreement weights. When `Σ w·E` is 0 (labels and
 * predictions all one same class) the result is NaN, as scikit-learn's default
 * `replace_undefined_by=np.nan`. Deviation: weighted distances are between class indices 0…K−1 (as
 * scikit-learn with `labels=range(K)`); without `labels` scikit-learn uses the ranks of the classes
 * present, which differs when a class in the middle never occurs. `cohenKappaOf` is the twin.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cohenKappa, cohenKappaOf } from '@strata/metrics';
 *
 * // scikit-learn's cohen_kappa_score example (negative 0, neutral 1, positive 2).
 * const y1 = tf.tensor1d([0, 2, 0, 1, 2], 'int32');
 * const y2 = tf.tensor1d([0, 2, 0, 1, 0], 'int32');
 * const kappa = cohenKappa({ task: 'multiclass', numClasses: 3 });
 * kappa.compute(kappa.update(kappa.init(), y1, y2)); // => 0.6875
 * // Quadratic weights: the one disagreement is 2 classes apart.
 * cohenKappaOf(y1, y2, { task: 'multiclass', numClasses: 3, weights: 'quadratic' }); // => 0.5
 * ```
 */
export function cohenKappa(options: CohenKappaOptions): StreamingMetric<ClassCountsState, number> {
  const { weights = 'none' } = options;
  assertOneOf(weights, ['none', 'linear', 'quadratic'], 'cohenKappa({weights})');
  const weight = (i: number, j: number) =>
    weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
  return defineSingleLabelMetric('cohenKappa', options, ['weights'], ({ matrix, n }) => {
    const rows = matrix.map((row) => row.reduce((s, v) => s + v, 0));
    const cols = matrix[0]!.map((_, j) => matrix.reduce((s, row) => s + row[j]!, 0));
    let observed = 0;
    let expected = 0;
    matrix.forEach((row, i) => {
      row.forEach((o, j) => {
        observed += weight(i, j) * o;
        expected += (weight(i, j) * rows[i]! * cols[j]!) / n;
      });
    });
    return expected === 0 ? Number.NaN : 1 - observed / expected;
  });
}

/** `cohenKappa`'s functional twin: over whole tensors at once. */
export function cohenKappaOf(yTrue: tf.Tensor, yPred: tf.Tensor, options: CohenKappaOptions): number {
  return oneShot(cohenKappa(options), yTrue, yPred);
}
