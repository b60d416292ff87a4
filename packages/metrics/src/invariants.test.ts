import { createRng, type Rng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accuracy } from './accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { mean } from './mean.js';
import { topKAccuracy } from './top-k-accuracy.js';
import type { MetricState, StreamingMetric } from './types.js';

// The properties every streaming metric must have, checked on random data:
//   merge(update(init, a), update(init, b)) = update(init, a ++ b)     (mergeability)
//   update(...update(update(init, b1), b2)..., bn) = update(init, b1 ++ ... ++ bn)   (streaming)
//   update never reads from the device; compute reads once; nothing leaks.

type Batch = [tf.Tensor, tf.Tensor];
const C = 5;

const labels = (rng: Rng, n: number) =>
  tf.tensor1d(
    Array.from({ length: n }, () => randomInt(rng, C)),
    'int32',
  );
const cases: {
  name: string;
  make: () => StreamingMetric<MetricState, unknown>;
  batch: (rng: Rng, n: number) => Batch;
  exact: boolean;
}[] = [
  {
    name: 'accuracy (sparse)',
    make: () => accuracy(),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'accuracy (binary)',
    make: () => accuracy(),
    batch: (r, n) => [
      tf.tensor1d(Array.from({ length: n }, () => randomInt(r, 2))),
      randomUniform(r, [n, 1]),
    ],
    exact: true,
  },
  {
    name: 'topKAccuracy',
    make: () => topKAccuracy({ k: 2 }),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'confusionMatrix',
    make: () => confusionMatrix({ numClasses: C }),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'mean (weighted)',
    make: () => mean(),
    batch: (r, n) => [randomUniform(r, [n]), randomUniform(r, [n])],
    exact: false,
  },
];

function batches(make: (rng: Rng, n: number) => Batch): Batch[] {
  const rng = createRng(42);
  return [3, 1, 8, 5, 13, 2, 7].map((n) => make(rng, n));
}

function concatAll(bs: Batch[]): Batch {
  return [tf.concat(bs.map((b) => b[0])), tf.concat(bs.map((b) => b[1]))];
}

function fold(metric: StreamingMetric<MetricState, unknown>, bs: Batch[]): MetricState {
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
  else expect(a as number).toBeCloseTo(b as number, 5);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(cases)('$name', ({ make, batch, exact }) => {
  it('merging two workers equals one pass over all the data', () => {
    const metric = make();
    const bs = batches(batch);
    const all = concatAll(bs);
    const a = fold(metric, bs.slice(0, 3));
    const b = fold(metric, bs.slice(3));
    const merged = metric.merge(a, b);
    const oneShot = fold(metric, [all]);
    expectSame(metric.compute(merged), metric.compute(oneShot), exact);
    // merge is symmetric for these reductions.
    const swapped = metric.merge(b, a);
    expectSame(metric.compute(swapped), metric.compute(oneShot), exact);
    for (const s of [a, b, merged, swapped, oneShot]) metric.dispose(s);
    tf.dispose([bs, all]);
  });

  it('streaming over batches equals one shot, with no reads until compute, which reads once', () => {
    const metric = make();
    const bs = batches(batch);
    const all = concatAll(bs);
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

  it('leaks nothing over 100 updates when the caller disposes the old state', () => {
    const metric = make();
    const [yTrue, yPred] = batch(createRng(1), 16);
    const before = tf.memory().numTensors;
    const state = fold(
      metric,
      Array.from({ length: 100 }, () => [yTrue, yPred] as Batch),
    );
    metric.compute(state);
    metric.dispose(state);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([yTrue, yPred]);
  });
});
