import { assertKnownKeys, formatShape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';
import type { StreamingMetric } from './types.js';

export interface MeanOptions {
  /** The name logs use. Default 'mean'. */
  readonly name?: string;
  /** Default false (a mean is usually a loss). */
  readonly higherIsBetter?: boolean;
}

/** The weighted sum of values and the sum of weights, float32 on the device. */
export type MeanState = { readonly total: tf.Tensor; readonly weight: tf.Tensor };

/** A running (weighted) mean; `update` takes values and optional weights instead of labels/predictions. */
export interface MeanMetric extends StreamingMetric<MeanState, number> {
  /** Adds `Σ values·weights` and `Σ weights` (weights broadcast against values; default 1 each). */
  update(state: MeanState, values: tf.Tensor, weights?: tf.Tensor): MeanState;
}

/**
 * A running mean of any values, e.g. the loss: `Σ w·v / Σ w` over everything seen, accumulated on
 * the device (Keras's `metrics.Mean`). Pass per-sample values, or a batch mean with the batch size
 * as its weight. With nothing seen the result is NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { mean } from '@strata/metrics';
 *
 * const loss = mean({ name: 'loss' });
 * let state = loss.init();
 * state = loss.update(state, tf.scalar(0.5), tf.scalar(32)); // a batch of 32 with mean loss 0.5
 * state = loss.update(state, tf.scalar(0.2), tf.scalar(8)); // a last batch of 8
 * // Weighted by rows: (0.5·32 + 0.2·8) / 40.
 * loss.compute(state); // => 0.440
 * ```
 */
export function mean(options: MeanOptions = {}): MeanMetric {
  assertKnownKeys(options, ['name', 'higherIsBetter'], 'mean');
  const { name = 'mean', higherIsBetter = false } = options;
  return defineMetric<MeanState, number>({
    name,
    higherIsBetter,
    reductions: { total: 'sum', weight: 'sum' },
    init: () => ({ total: tf.scalar(0), weight: tf.scalar(0) }),
    batch(values: tf.Tensor, weights?: tf.Tensor) {
      const v = tf.cast(values, 'float32');
      if (weights === undefined) return { total: tf.sum(v), weight: tf.scalar(v.size) };
      const w = tf.cast(weights, 'float32');
      let weighted: tf.Tensor;
      try {
        weighted = tf.mul(v, w);
      } catch {
        throw new ShapeError(
          `mean(${name})`,
          `weights of shape ${formatShape(w.shape)} do not broadcast against values of shape ${formatShape(v.shape)}`,
        );
      }
      return { total: tf.sum(weighted), weight: tf.sum(tf.broadcastTo(w, weighted.shape)) };
    },
    compute(state) {
      const { total, weight } = readState(state);
      return weight[0]! !== 0 ? total[0]! / weight[0]! : Number.NaN;
    },
  }) as MeanMetric;
}
