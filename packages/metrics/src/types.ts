import type { Metric } from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * How a state field combines across batches or workers (torchmetrics' `dist_reduce_fx`): `sum` adds,
 * `max`/`min` take the elementwise extreme, `cat` concatenates along axis 0.
 */
export type Reduction = 'sum' | 'max' | 'min' | 'cat';

/** A metric's sufficient statistics: named tensors that stay on the device. */
export type MetricState = { readonly [field: string]: Tensor };

/** One declared reduction per state field. */
export type Reductions<S extends MetricState> = { readonly [K in keyof S]: Reduction };

/**
 * A `Metric` whose state fields declare their reductions, so `merge` is generic and `update` is
 * "merge in this batch's statistics". `update` and `merge` return a new state and leave their inputs
 * alone; the caller disposes the old state with `dispose`.
 */
export interface StreamingMetric<S extends MetricState = MetricState, R = number> extends Metric<S, R> {
  readonly reductions: Reductions<S>;
  dispose(state: S): void;
}
