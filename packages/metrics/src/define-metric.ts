import { assertKnownKeys, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { mergeStates } from './merge-states.js';
import type { MetricState, Reduction, Reductions, StreamingMetric } from './types.js';

/** What a metric author writes; `defineMetric` derives `update`, `merge` and `dispose` from it. */
export interface MetricDefinition<S extends MetricState, R> {
  readonly name: string;
  readonly higherIsBetter: boolean;
  /** How each state field merges. */
  readonly reductions: Reductions<S>;
  /** The empty state: the identity of `merge` (zeros for `sum`, −∞ for `max`, [0, …] for `cat`). */
  init(): S;
  /** The sufficient statistics of one batch, in the shape of the state. Runs inside `tf.tidy`. */
  batch(yTrue: tf.Tensor, yPred: tf.Tensor): S;
  /** Reduces a state to the result; read the device once (see `readState`). */
  compute(state: S): R;
}

const REDUCTIONS: readonly Reduction[] = ['sum', 'max', 'min', 'cat'];

/**
 * Builds a `StreamingMetric` from its batch statistics and declared reductions (torchmetrics'
 * functional core): `update(state, yTrue, yPred)` is `merge(state, batch(yTrue, yPred))`, so a
 * metric streamed over batches, or merged across workers, equals the metric of all the data at once
 * by construction. Statistics stay on the device; only `compute` reads them back.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { defineMetric, readState } from '@strata/metrics';
 *
 * // The largest absolute error seen.
 * const maxError = defineMetric({
 *   name: 'maxError',
 *   higherIsBetter: false,
 *   reductions: { worst: 'max' },
 *   init: () => ({ worst: tf.scalar(-Infinity) }),
 *   batch: (yTrue, yPred) => ({ worst: tf.max(tf.abs(tf.sub(yTrue, yPred))) }),
 *   compute: (state) => readState(state).worst[0]!,
 * });
 * const s0 = maxError.init();
 * const s1 = maxError.update(s0, tf.tensor1d([1, 2]), tf.tensor1d([1.5, 0]));
 * maxError.compute(s1); // => 2
 * ```
 */
export function defineMetric<S extends MetricState, R>(
  definition: MetricDefinition<S, R>,
): StreamingMetric<S, R> {
  assertKnownKeys(
    definition,
    ['name', 'higherIsBetter', 'reductions', 'init', 'batch', 'compute'],
    'defineMetric',
  );
  const { name, higherIsBetter, reductions } = definition;
  for (const [field, r] of Object.entries(reductions)) {
    if (!REDUCTIONS.includes(r as Reduction)) {
      throw new ConfigError(
        `defineMetric(${name})`,
        `field '${field}' declares reduction ${JSON.stringify(r)}; use one of ${REDUCTIONS.map((x) => `'${x}'`).join(', ')}`,
      );
    }
  }
  return {
    name,
    higherIsBetter,
    reductions,
    init: () => tf.tidy(() => definition.init()) as S,
    update: (state, yTrue, yPred) =>
      tf.tidy(() => mergeStates(reductions, state, definition.batch(yTrue, yPred))) as S,
    merge: (a, b) => mergeStates(reductions, a, b),
    compute: (state) => definition.compute(state),
    dispose: (state) => tf.dispose(Object.values(state)),
  };
}
