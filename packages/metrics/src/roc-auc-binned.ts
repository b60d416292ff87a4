import { DataError } from '@strata/core';
import { type BinnedOptions, type BinnedResult, type BinnedState, defineBinned } from './binned-curve.js';
import { aucOfGroups } from './score-curves.js';
import type { StreamingMetric } from './types.js';

/** Options of `rocAucBinned`. */
export interface RocAucBinnedOptions extends BinnedOptions {}

/**
 * Binary ROC-AUC in constant memory: scores in [0, 1] (probabilities; others are clipped) are counted
 * per equal-width bin (`numBins`, default 1000) with `sum` reductions, and the AUC is computed as if
 * the scores in a bin were tied. It is exactly `rocAuc` of the scores rounded down to their bin.
 *
 * Error bound: only pairs of a positive and a negative in the same bin can be misordered, and each
 * counts ½ instead of 0 or 1, so `|binned − exact| ≤ Σ_b pos_b·neg_b / (2·P·N)`, returned as
 * `errorBound` (never more than half the largest share of the negatives that falls in one bin).
 * One class present throws a DataError, as `rocAuc`. Binary only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { rocAucBinned } from '@strata/metrics';
 *
 * const auc = rocAucBinned({ numBins: 4 });
 * const yTrue = tf.tensor1d([0, 0, 1, 1]);
 * const state = auc.update(auc.init(), yTrue, tf.tensor1d([0.1, 0.4, 0.35, 0.8]));
 * // 0.4 and 0.35 share bin 1 ([0.25, 0.5)): that pair counts ½, not 0 (the exact AUC is 0.75).
 * const { value, errorBound } = auc.compute(state);
 * value; // => 0.875
 * errorBound; // => 0.125
 * ```
 */
export function rocAucBinned(options: RocAucBinnedOptions = {}): StreamingMetric<BinnedState, BinnedResult> {
  return defineBinned('rocAucBinned', options, (g, label) => {
    const value = aucOfGroups(g);
    if (Number.isNaN(value))
      throw new DataError(label, 'only one class present in the labels; ROC AUC is not defined');
    const p = g.pos.reduce((s, v) => s + v, 0);
    const n = g.neg.reduce((s, v) => s + v, 0);
    const tied = g.pos.reduce((s, v, i) => s + v * g.neg[i]!, 0);
    return { value, errorBound: tied / (2 * p * n) };
  });
}
