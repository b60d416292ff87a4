import { type BinnedOptions, type BinnedResult, type BinnedState, defineBinned } from './binned-curve.js';
import { apOfGroups } from './score-curves.js';
import type { StreamingMetric } from './types.js';

/** Options of `averagePrecisionBinned`. */
export interface AveragePrecisionBinnedOptions extends BinnedOptions {}

/**
 * Binary average precision in constant memory: scores in [0, 1] (others are clipped) counted per
 * equal-width bin (`numBins`, default 1000, `sum` reductions), with a bin taken as one threshold. It is
 * exactly `averagePrecision` of the scores rounded down to their bin.
 *
 * Error bound: a positive in bin b contributes `Pₙ/P` where, whatever the order inside the bin, the
 * precision lies between `(T + 1)/(D + 1 + n_b)` and `(T + p_b)/(D + p_b)` (T, D: true and all
 * predicted positives in higher bins; p_b, n_b: the bin's positives and negatives). The binned value
 * uses a precision in that range too, so `|binned − exact| ≤ Σ_b (p_b/P)·(max_b − min_b)`, returned
 * as `errorBound`; it shrinks as bins get finer. With no positives the AP is 0 (as
 * `averagePrecision`) with bound 0. Binary only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { averagePrecisionBinned } from '@strata/metrics';
 *
 * const ap = averagePrecisionBinned({ numBins: 4 });
 * const state = ap.update(ap.init(), tf.tensor1d([0, 0, 1, 1]), tf.tensor1d([0.1, 0.4, 0.35, 0.8]));
 * // 0.4 and 0.35 share bin 1 ([0.25, 0.5)): ½·1 + ½·⅔, as exact here (the exact AP is 0.8333).
 * ap.compute(state).value; // => 0.8333
 * // In that bin the precision could be anywhere in [2/3, 1].
 * ap.compute(state).errorBound; // => 0.1667
 * ```
 */
export function averagePrecisionBinned(
  options: AveragePrecisionBinnedOptions = {},
): StreamingMetric<BinnedState, BinnedResult> {
  return defineBinned('averagePrecisionBinned', options, (g) => {
    const p = g.pos.reduce((s, v) => s + v, 0);
    if (p === 0) return { value: 0, errorBound: 0 };
    let bound = 0;
    let tps = 0;
    let all = 0;
    g.pos.forEach((pb, i) => {
      const nb = g.neg[i]!;
      if (pb > 0) bound += (pb / p) * ((tps + pb) / (all + pb) - (tps + 1) / (all + 1 + nb));
      tps += pb;
      all += pb + nb;
    });
    return { value: apOfGroups(g), errorBound: bound };
  });
}
