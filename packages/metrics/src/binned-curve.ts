import { assertInteger, assertKnownKeys } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { binaryScores } from './class-counts.js';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { Groups } from './score-curves.js';
import type { StreamingMetric } from './types.js';

/*
 * Binary scores in [0, 1] counted per equal-width bin (not exported from the package): the streaming
 * state of `rocAucBinned` and `averagePrecisionBinned`.
 */

/** Options of the binned ranking metrics. */
export interface BinnedOptions {
  /** Equal-width bins over [0, 1]. Default 1000. */
  readonly numBins?: number;
  /** The name logs use. */
  readonly name?: string;
}

/** Positives and negatives per score bin, int32 on the device (`sum`). */
export type BinnedState = { readonly pos: tf.Tensor; readonly neg: tf.Tensor };

/** A binned estimate and a bound on its distance from the exact value, both from the histogram. */
export interface BinnedResult {
  readonly value: number;
  readonly errorBound: number;
}

export function defineBinned(
  fn: string,
  options: BinnedOptions,
  result: (g: Groups, label: string) => BinnedResult,
): StreamingMetric<BinnedState, BinnedResult> {
  assertKnownKeys(options, ['numBins', 'name'], fn);
  const { numBins = 1000, name = fn } = options;
  assertInteger(numBins, `${fn}({numBins})`, 1);
  const label = `${fn}(${name})`;
  return defineMetric<BinnedState, BinnedResult>({
    name,
    higherIsBetter: true,
    reductions: { pos: 'sum', neg: 'sum' },
    init: () => ({ pos: tf.zeros([numBins], 'int32'), neg: tf.zeros([numBins], 'int32') }),
    batch(yTrue, yPred) {
      const scores = tf.clipByValue(binaryScores(yTrue, yPred, label), 0, 1);
      // Bin b holds [b/B, (b+1)/B); a score of exactly 1 joins the last bin.
      const bins = tf.cast(
        tf.minimum(tf.floor(tf.mul(scores, numBins)), numBins - 1),
        'int32',
      ) as tf.Tensor1D;
      const t = tf.cast(tf.equal(tf.reshape(yTrue, [-1]), 1), 'float32');
      const count = (w: tf.Tensor) => tf.cast(tf.round(tf.unsortedSegmentSum(w, bins, numBins)), 'int32');
      return { pos: count(t), neg: count(tf.sub(1, t)) };
    },
    compute(state) {
      const { pos, neg } = readState(state);
      const g: { pos: number[]; neg: number[] } = { pos: [], neg: [] };
      // Highest bin first; a bin is one tie group.
      for (let b = numBins - 1; b >= 0; b--) {
        if (pos[b]! + neg[b]! === 0) continue;
        g.pos.push(pos[b]!);
        g.neg.push(neg[b]!);
      }
      return result(g, label);
    },
  });
}
