import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { oneShot } from './one-shot.js';
import { readState } from './read-state.js';
import {
  type MomentsState,
  type Multioutput,
  type MultioutputResult,
  multioutputOptions,
  readSegments,
  reduceOutputs,
  regressionColumns,
  segment,
} from './regression-internal.js';
import type { StreamingMetric } from './types.js';

export interface RootMeanSquaredErrorOptions<M extends Multioutput = 'uniformAverage'> {
  /**
   * 'uniformAverage' (default): the mean of the outputs' RMSEs, as scikit-learn's
   * `root_mean_squared_error` (not the root of the pooled MSE). 'rawValues': one RMSE per output.
   */
  readonly multioutput?: M;
  /** The name logs use. Default 'rootMeanSquaredError'. */
  readonly name?: string;
}

/**
 * Root mean squared error per output, `√(Σ(y − ŷ)² / n)`, averaged over outputs as scikit-learn's
 * `root_mean_squared_error` does. Each batch adds its per-output sums of squares to the state (a
 * `cat` segment: 2 + D numbers a batch), summed in float64 by `compute`. Targets and predictions are
 * `[B]` or `[B, D]`. With nothing seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rootMeanSquaredError } from '@strata/metrics';
 *
 * // scikit-learn's documented example: √0.375.
 * const rmse = rootMeanSquaredError();
 * const state = rmse.update(rmse.init(), tf.tensor1d([3, -0.5, 2, 7]), tf.tensor1d([2.5, 0, 2, 8]));
 * rmse.compute(state); // => 0.6124
 * ```
 */
export function rootMeanSquaredError<M extends Multioutput = 'uniformAverage'>(
  options: RootMeanSquaredErrorOptions<M> = {},
): StreamingMetric<MomentsState, MultioutputResult<M>> {
  const { multioutput, name, label } = multioutputOptions(
    options,
    'rootMeanSquaredError',
    'rootMeanSquaredError',
  );
  return defineMetric<MomentsState, MultioutputResult<M>>({
    name,
    higherIsBetter: false,
    reductions: { segments: 'cat' },
    init: () => ({ segments: tf.tensor1d([], 'float32') }),
    batch(yTrue, yPred) {
      const [t, p] = regressionColumns(yTrue, yPred, label);
      const [b, d] = t.shape;
      return { segments: segment(b, d, [tf.sum(tf.squaredDifference(t, p), 0)]) };
    },
    compute(state) {
      const { d, segments } = readSegments(readState(state).segments, 1, label);
      let n = 0;
      const sse = new Float64Array(d);
      for (const s of segments) {
        n += s.n;
        s.parts[0]!.forEach((v, j) => {
          sse[j] = sse[j]! + v;
        });
      }
      const scores = Array.from(sse, (e) => (n > 0 ? Math.sqrt(e / n) : Number.NaN));
      return reduceOutputs(scores, multioutput) as MultioutputResult<M>;
    },
  });
}

/**
 * `rootMeanSquaredError` over whole tensors at once (its functional twin); the inputs stay the
 * caller's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rootMeanSquaredErrorOf } from '@strata/metrics';
 *
 * // scikit-learn's two-output example: (√0.4167 + √1) / 2.
 * const yTrue = tf.tensor2d([[0.5, 1], [-1, 1], [7, -6]]);
 * const yPred = tf.tensor2d([[0, 2], [-1, 2], [8, -5]]);
 * rootMeanSquaredErrorOf(yTrue, yPred); // => 0.823
 * rootMeanSquaredErrorOf(yTrue, yPred, { multioutput: 'rawValues' }); // => [0.6455, 1]
 * ```
 */
export function rootMeanSquaredErrorOf<M extends Multioutput = 'uniformAverage'>(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: RootMeanSquaredErrorOptions<M> = {},
): MultioutputResult<M> {
  return oneShot(rootMeanSquaredError(options), yTrue, yPred);
}
