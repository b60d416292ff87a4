import { type Rng, randomInt, randomUniform } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { accuracy } from './accuracy.js';
import { averagePrecision } from './average-precision.js';
import { averagePrecisionBinned } from './average-precision-binned.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { classificationReport } from './classification-report.js';
import { cohenKappa } from './cohen-kappa.js';
import { confusionMatrix } from './confusion-matrix.js';
import { expectedCalibrationError } from './expected-calibration-error.js';
import { fBeta } from './f-beta.js';
import { f1 } from './f1.js';
import { type Batch, describeInvariants } from './invariants-suite.test-util.js';
import { logLoss } from './log-loss.js';
import { matthewsCorrelation } from './matthews-correlation.js';
import { mean } from './mean.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { rocAuc } from './roc-auc.js';
import { rocAucBinned } from './roc-auc-binned.js';
import { specificity } from './specificity.js';
import { topKAccuracy } from './top-k-accuracy.js';
import type { MetricState, StreamingMetric } from './types.js';

// The streaming invariants (invariants-suite.test-util.ts) for the classification metrics and mean.
const C = 5;

const labels = (rng: Rng, n: number) =>
  tf.tensor1d(
    Array.from({ length: n }, () => randomInt(rng, C)),
    'int32',
  );
const binaryLabels = (rng: Rng, n: number) => tf.tensor1d(Array.from({ length: n }, () => randomInt(rng, 2)));
const multilabel = (rng: Rng, n: number) =>
  tf.tensor2d(Array.from({ length: n }, () => Array.from({ length: C }, () => randomInt(rng, 2))));
// Probabilities (rows sum to 1), for the metrics that need them.
const probabilities = (rng: Rng, n: number) =>
  tf.tidy(() => tf.softmax(tf.mul(randomUniform(rng, [n, C]), 4)));
// Scores rounded to tenths, so that ties across batches are exercised.
const tiedScores = (rng: Rng, n: number) =>
  tf.tidy(() => tf.div(tf.round(tf.mul(randomUniform(rng, [n]), 10)), 10));
const multiclass = { task: 'multiclass', numClasses: C } as const;

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
    name: 'precision (multiclass, macro, predicted indices)',
    make: () => precision(multiclass),
    batch: (r, n) => [labels(r, n), labels(r, n)],
    exact: true,
  },
  {
    name: 'recall (binary, threshold)',
    make: () => recall({ task: 'binary', threshold: 0.3 }),
    batch: (r, n) => [binaryLabels(r, n), randomUniform(r, [n])],
    exact: true,
  },
  {
    name: 'f1 (multilabel, per label)',
    make: () => f1({ task: 'multilabel', numClasses: C, average: 'none' }),
    batch: (r, n) => [multilabel(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'fBeta (multiclass, weighted, scores)',
    make: () => fBeta({ ...multiclass, beta: 2, average: 'weighted' }),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'specificity (multiclass, micro)',
    make: () => specificity({ ...multiclass, average: 'micro' }),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'balancedAccuracy',
    make: () => balancedAccuracy(multiclass),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'matthewsCorrelation',
    make: () => matthewsCorrelation(multiclass),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'cohenKappa (quadratic)',
    make: () => cohenKappa({ ...multiclass, weights: 'quadratic' }),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'classificationReport',
    make: () => classificationReport(multiclass),
    batch: (r, n) => [labels(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'rocAuc (binary, tied scores)',
    make: () => rocAuc({ task: 'binary' }),
    batch: (r, n) => [binaryLabels(r, n), tiedScores(r, n)],
    exact: true,
  },
  {
    name: 'rocAuc (one-vs-rest, weighted)',
    make: () => rocAuc({ ...multiclass, average: 'weighted' }),
    batch: (r, n) => [labels(r, n), probabilities(r, n)],
    exact: true,
  },
  {
    name: 'averagePrecision (multilabel, macro)',
    make: () => averagePrecision({ task: 'multilabel', numClasses: C }),
    batch: (r, n) => [multilabel(r, n), randomUniform(r, [n, C])],
    exact: true,
  },
  {
    name: 'rocAucBinned',
    make: () => rocAucBinned({ numBins: 20 }),
    batch: (r, n) => [binaryLabels(r, n), randomUniform(r, [n])],
    exact: true,
  },
  {
    name: 'averagePrecisionBinned',
    make: () => averagePrecisionBinned({ numBins: 20 }),
    batch: (r, n) => [binaryLabels(r, n), randomUniform(r, [n])],
    exact: true,
  },
  {
    name: 'logLoss (multiclass)',
    make: () => logLoss(multiclass),
    batch: (r, n) => [labels(r, n), probabilities(r, n)],
    exact: false,
  },
  {
    name: 'expectedCalibrationError (multiclass, 15 bins)',
    make: () => expectedCalibrationError({ task: 'multiclass' }),
    batch: (r, n) => [labels(r, n), probabilities(r, n)],
    exact: false,
  },
  {
    name: 'mean (weighted)',
    make: () => mean(),
    batch: (r, n) => [randomUniform(r, [n]), randomUniform(r, [n])],
    exact: false,
  },
];

describeInvariants(
  cases.map((c) => ({ ...c, sizes: [3, 1, 8, 5, 13, 2, 7], leak: { updates: 100, rows: 16 } })),
);
