import { type Rng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { explainedVariance } from './explained-variance.js';
import { hitRateAtK } from './hit-rate-at-k.js';
import { type Batch, describeInvariants } from './invariants-suite.test-util.js';
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

// The streaming invariants (invariants-suite.test-util.ts) for the regression, ranking and image metrics.

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

describeInvariants(cases.map((c) => ({ ...c, exact: false, leak: { updates: 20, rows: 2 } })));
