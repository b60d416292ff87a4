import { createRng, type Rng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainedVariance } from './explained-variance.js';
import { hitRateAtK } from './hit-rate-at-k.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { meanAveragePrecisionAtK } from './mean-average-precision-at-k.js';
import { meanReciprocalRank } from './mean-reciprocal-rank.js';
import { meanSquaredError } from './mean-squared-error.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import { psnr } from './psnr.js';
import { r2Score } from './r2-score.js';
import { recallAtK } from './recall-at-k.js';
import { rootMeanSquaredError } from './root-mean-squared-error.js';
import { ssim } from './ssim.js';
import type { MetricState, StreamingMetric } from './types.js';

// The invariants of invariants.test.ts for the regression, ranking and image metrics, on batches of
// uneven sizes: merging two halves (in either order) and streaming equal one pass, update never reads
// the device, compute reads once, nothing leaks.

type Batch = [tf.Tensor, tf.Tensor];
type Metric = StreamingMetric<MetricState, unknown>;

// Targets around 50 with noise, 3 outputs; the predictions off by a little.
const regression = (r: Rng, n: number): Batch => {
  const t = tf.add(tf.mul(randomUniform(r, [n, 3]), 10), 50);
  return [t, tf.add(t, randomUniform(r, [n, 3], -2, 2))];
};
// 6 items per query, scores from 3 values (ties), graded relevance 0-2 with many zeros.
const ranking = (r: Rng, n: number): Batch => [
  tf.tensor2d(
    Array.from({ length: n * 6 }, () => (randomInt(r, 3) === 0 ? randomInt(r, 3) : 0)),
    [n, 6],
  ),
  tf.tensor2d(
    Array.from({ length: n * 6 }, () => randomInt(r, 3)),
    [n, 6],
  ),
];
const images = (r: Rng, n: number): Batch => {
  const a = randomUniform(r, [n, 11, 12, 2]);
  return [a, tf.clipByValue(tf.add(a, randomUniform(r, [n, 11, 12, 2], -0.2, 0.2)), 0, 1)];
};

const cases: { name: string; make: () => Metric; batch: (r: Rng, n: number) => Batch; sizes: number[] }[] = [
  ...[meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError].map((f) => ({
    name: f.name,
    make: () => f() as Metric,
    batch: regression,
    sizes: [3, 1, 8, 5, 13, 2, 7],
  })),
  ...[rootMeanSquaredError, r2Score, explainedVariance].map((f) => ({
    name: `${f.name} (raw values)`,
    make: () => f({ multioutput: 'rawValues' }) as Metric,
    batch: regression,
    sizes: [3, 1, 8, 5, 13, 2, 7],
  })),
  ...[precisionAtK, recallAtK, ndcgAtK, meanReciprocalRank, hitRateAtK, meanAveragePrecisionAtK].flatMap(
    (f) => [
      {
        name: `${f.name} (k = 3)`,
        make: () => f({ k: 3 }) as Metric,
        batch: ranking,
        sizes: [3, 1, 8, 5, 13, 2, 7],
      },
      {
        name: `${f.name} (no relevant: exclude)`,
        make: () => f({ noRelevant: 'exclude' }) as Metric,
        batch: ranking,
        sizes: [3, 1, 8, 5, 13, 2, 7],
      },
    ],
  ),
  { name: 'psnr', make: () => psnr() as Metric, batch: images, sizes: [2, 1, 3, 1] },
  { name: 'ssim', make: () => ssim() as Metric, batch: images, sizes: [2, 1, 3, 1] },
];

function batches(make: (r: Rng, n: number) => Batch, sizes: number[]): Batch[] {
  const rng = createRng(42);
  return sizes.map((n) => make(rng, n));
}

function concatAll(bs: Batch[]): Batch {
  return [tf.concat(bs.map((b) => b[0])), tf.concat(bs.map((b) => b[1]))];
}

function fold(metric: Metric, bs: Batch[]): MetricState {
  let state = metric.init();
  for (const [yTrue, yPred] of bs) {
    const next = metric.update(state, yTrue, yPred);
    metric.dispose(state);
    state = next;
  }
  return state;
}

function expectClose(a: unknown, b: unknown) {
  if (Array.isArray(b)) expect(a).toEqual(b.map((x: number) => expect.closeTo(x, 5)));
  else expect(a as number).toBeCloseTo(b as number, 5);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(cases)('$name', ({ make, batch, sizes }) => {
  it('merging two workers, in either order, equals one pass over all the data', () => {
    const metric = make();
    const bs = batches(batch, sizes);
    const all = concatAll(bs);
    const half = Math.ceil(bs.length / 2);
    const a = fold(metric, bs.slice(0, half));
    const b = fold(metric, bs.slice(half));
    const oneShot = fold(metric, [all]);
    const expected = metric.compute(oneShot);
    const merged = metric.merge(a, b);
    const swapped = metric.merge(b, a);
    expectClose(metric.compute(merged), expected);
    expectClose(metric.compute(swapped), expected);
    for (const s of [a, b, merged, swapped, oneShot]) metric.dispose(s);
    tf.dispose([bs, all]);
  });

  it('streaming over uneven batches equals one pass; no reads until compute, which reads once', () => {
    const metric = make();
    const bs = batches(batch, sizes);
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
    expectClose(result, metric.compute(oneShot));
    metric.dispose(streamed);
    metric.dispose(oneShot);
    tf.dispose([bs, all]);
  });

  it('leaks nothing over 20 updates and a compute when the caller disposes the old state', () => {
    const metric = make();
    const [yTrue, yPred] = batch(createRng(1), 2);
    const before = tf.memory().numTensors;
    const state = fold(
      metric,
      Array.from({ length: 20 }, () => [yTrue, yPred] as Batch),
    );
    metric.compute(state);
    metric.dispose(state);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([yTrue, yPred]);
  });
});
