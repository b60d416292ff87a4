// Test support (not part of the package): the properties every streaming metric must have, checked on
// random data, for a table of cases:
//   merge(update(init, a), update(init, b)) = update(init, a ++ b), in either order   (mergeability)
//   update(...update(update(init, b1), b2)..., bn) = update(init, b1 ++ ... ++ bn)     (streaming)
//   update never reads from the device; compute reads once; nothing leaks.
import { createRng, type Rng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricState, StreamingMetric } from './types.js';

export type Batch = [tf.Tensor, tf.Tensor];

export interface InvariantCase {
  readonly name: string;
  readonly make: () => StreamingMetric<MetricState, unknown>;
  readonly batch: (rng: Rng, n: number) => Batch;
  /** Batch sizes of the stream, uneven on purpose. */
  readonly sizes: readonly number[];
  /** Exact equality (counts) or to 5 decimals (sums of floats), element by element for arrays. */
  readonly exact: boolean;
  /** The leak check's updates, and the rows of the batch it repeats. */
  readonly leak: { readonly updates: number; readonly rows: number };
}

function fold(metric: StreamingMetric<MetricState, unknown>, bs: readonly Batch[]): MetricState {
  let state = metric.init();
  for (const [yTrue, yPred] of bs) {
    const next = metric.update(state, yTrue, yPred);
    metric.dispose(state);
    state = next;
  }
  return state;
}

function expectSame(a: unknown, b: unknown, exact: boolean) {
  if (exact) expect(a).toEqual(b);
  else if (Array.isArray(b)) expect(a).toEqual(b.map((x: number) => expect.closeTo(x, 5)));
  else expect(a as number).toBeCloseTo(b as number, 5);
}

/** One describe block per case with the three invariants. */
export function describeInvariants(cases: readonly InvariantCase[]): void {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  describe.each(cases)('$name', ({ make, batch, sizes, exact, leak }) => {
    const stream = () => {
      const rng = createRng(42);
      const bs = sizes.map((n) => batch(rng, n));
      return { bs, all: [tf.concat(bs.map((b) => b[0])), tf.concat(bs.map((b) => b[1]))] as Batch };
    };

    it('merging two workers, in either order, equals one pass over all the data', () => {
      const metric = make();
      const { bs, all } = stream();
      const half = Math.ceil(bs.length / 2);
      const a = fold(metric, bs.slice(0, half));
      const b = fold(metric, bs.slice(half));
      const oneShot = fold(metric, [all]);
      const expected = metric.compute(oneShot);
      const merged = metric.merge(a, b);
      const swapped = metric.merge(b, a);
      expectSame(metric.compute(merged), expected, exact);
      expectSame(metric.compute(swapped), expected, exact);
      for (const s of [a, b, merged, swapped, oneShot]) metric.dispose(s);
      tf.dispose([bs, all]);
    });

    it('streaming over uneven batches equals one pass; no reads until compute, which reads once', () => {
      const metric = make();
      const { bs, all } = stream();
      const oneShot = fold(metric, [all]);
      const backend = tf.backend();
      const readSync = vi.spyOn(backend, 'readSync');
      const read = vi.spyOn(backend, 'read');
      const streamed = fold(metric, bs);
      expect(readSync).not.toHaveBeenCalled();
      expect(read).not.toHaveBeenCalled();
      const result = metric.compute(streamed);
      expect(readSync).toHaveBeenCalledTimes(1);
      expectSame(result, metric.compute(oneShot), exact);
      metric.dispose(streamed);
      metric.dispose(oneShot);
      tf.dispose([bs, all]);
    });

    it('leaks nothing over repeated updates and a compute when the caller disposes the old state', () => {
      const metric = make();
      const [yTrue, yPred] = batch(createRng(1), leak.rows);
      const before = tf.memory().numTensors;
      const state = fold(
        metric,
        Array.from({ length: leak.updates }, () => [yTrue, yPred] as Batch),
      );
      metric.compute(state);
      metric.dispose(state);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([yTrue, yPred]);
    });
  });
}
