import { registerGradients } from '@strata/backends';
import { createRng, disposeTree, type Layer, type Loss, type Metric, randomNormal } from '@strata/core';
import { countDeviceReads } from '@strata/core/testing';
import {
  accuracy,
  averagePrecision,
  averagePrecisionBinned,
  balancedAccuracy,
  classificationReport,
  cohenKappa,
  confusionMatrix,
  expectedCalibrationError,
  explainedVariance,
  f1,
  fBeta,
  hitRateAtK,
  logLoss,
  mapPredictions,
  matthewsCorrelation,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanAveragePrecisionAtK,
  meanReciprocalRank,
  meanSquaredError,
  ndcgAtK,
  precision,
  precisionAtK,
  psnr,
  r2Score,
  recall,
  recallAtK,
  rocAuc,
  rocAucBinned,
  rootMeanSquaredError,
  specificity,
  ssim,
  topKAccuracy,
} from '@strata/metrics';
import { sgd } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from './batch-source.js';
import { disposeDeep } from './dispose.js';
import { fit } from './fit.js';

beforeAll(() => {
  registerGradients();
});

/** softmax(x·W + b) over two classes. */
const softmaxLinear: Layer = {
  name: 'softmax-linear',
  init: (rng, shape) => ({
    params: { w: randomNormal(rng, [shape[1] as number, 2], 0, 0.1), b: tf.zeros([2]) },
    state: {},
    outputShape: [shape[0] ?? null, 2],
  }),
  apply: (p, x, ctx) => ({
    y: tf.tidy(() => tf.softmax(tf.add(tf.matMul(x, p.w as tf.Tensor), p.b as tf.Tensor))),
    state: ctx.state,
  }),
};

const crossEntropy: Loss = (yTrue, yPred) =>
  tf.tidy(
    () =>
      tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.cast(yTrue, 'int32'), 2), tf.log(yPred)), 1))) as tf.Scalar,
  );

/** Two overlapping Gaussian blobs, 100 rows in batches of 32 (the last one 4 rows). */
function blobs(): Iterable<Batch> & { cardinality(): number } {
  const noise = randomNormal(createRng(7), [100, 2]);
  const z = Array.from(noise.dataSync());
  noise.dispose();
  const labels = Array.from({ length: 100 }, (_, i) => i % 2);
  const xs = labels.flatMap((y, i) => [z[2 * i]! + (y ? 1 : -1), z[2 * i + 1]!]);
  return {
    cardinality: () => 4,
    *[Symbol.iterator]() {
      for (let i = 0; i < 100; i += 32) {
        const m = Math.min(100, i + 32) - i;
        yield {
          x: tf.tensor2d(xs.slice(2 * i, 2 * (i + m)), [m, 2]),
          y: tf.tensor1d(labels.slice(i, i + m), 'int32'),
        };
      }
    },
  };
}

/** The positive class's probability: column 1 of the two-class probabilities. */
const positive = (yPred: tf.Tensor) => tf.reshape(tf.slice(yPred, [0, 1], [-1, 1]), [-1]);

const task = { task: 'multiclass', numClasses: 2 } as const;

describe('fit with every classification metric attached', () => {
  it('reads the device once per epoch for its logs and all its metrics, with numTensors flat', async () => {
    const metrics = {
      accuracy: accuracy(),
      top1: topKAccuracy({ k: 1 }),
      precision: precision(task),
      recall: recall(task),
      f1: f1(task),
      f2: fBeta({ ...task, beta: 2 }),
      balanced: balancedAccuracy(task),
      specificity: specificity(task),
      mcc: matthewsCorrelation(task),
      kappa: cohenKappa({ ...task, weights: 'quadratic' }),
      aucOvr: rocAuc(task),
      ap: averagePrecision(task),
      logLoss: logLoss(task),
      ece: expectedCalibrationError({ task: 'multiclass' }),
      confusion: confusionMatrix({ numClasses: 2 }),
      report: classificationReport(task),
      auc: mapPredictions(rocAuc({ task: 'binary' }), positive),
      aucBinned: mapPredictions(rocAucBinned({ numBins: 64 }), positive),
      apBinned: mapPredictions(averagePrecisionBinned({ numBins: 64 }), positive),
    } as Record<string, Metric<unknown, unknown>>;
    const counts: number[] = [];
    const data = blobs();
    const { result, reads } = await countDeviceReads(() =>
      fit({
        model: softmaxLinear,
        inputShape: [null, 2],
        loss: crossEntropy,
        optimizer: sgd({ learningRate: 0.5 }),
        data,
        metrics,
        epochs: 20,
        seed: 1,
        callbacks: [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
      }),
    );
    expect(reads).toBe(20);
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Values read through the shared read agree where definitions meet: macro recall is balanced
    // accuracy, top-1 is accuracy, and with two classes one-vs-rest AUC is the binary AUC.
    const last = result.history[19]!;
    expect(last.recall).toBeCloseTo(last.balanced!, 6);
    expect(last.accuracy).toBeCloseTo(last.top1!, 6);
    expect(last.auc).toBeCloseTo(last.aucOvr!, 6);
    expect(last.accuracy).toBeGreaterThan(0.7);
    disposeTree(result.params);
    disposeTree(result.state);
    disposeDeep(result.optState);
  });
});

/** x·W + b over 16 outputs. */
const linear16: Layer = {
  name: 'linear16',
  init: (rng, shape) => ({
    params: { w: randomNormal(rng, [shape[1] as number, 16], 0, 0.1), b: tf.zeros([16]) },
    state: {},
    outputShape: [shape[0] ?? null, 16],
  }),
  apply: (p, x, ctx) => ({
    y: tf.tidy(() => tf.add(tf.matMul(x, p.w as tf.Tensor), p.b as tf.Tensor)),
    state: ctx.state,
  }),
};

const mse: Loss = (yTrue, yPred) => tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))) as tf.Scalar);

/** 90 rows of 4 features and 16 positive targets (a 4×4 image, or 16 items' relevance), batches of 32. */
function targets(): Iterable<Batch> & { cardinality(): number } {
  const noise = randomNormal(createRng(3), [90, 4]);
  const x = Array.from(noise.dataSync());
  noise.dispose();
  const y = Array.from({ length: 90 * 16 }, (_, i) => {
    const row = Math.floor(i / 16);
    return 0.5 + Math.abs(x[row * 4 + (i % 4)]! * ((i % 16) / 8));
  });
  return {
    cardinality: () => 3,
    *[Symbol.iterator]() {
      for (let i = 0; i < 90; i += 32) {
        const m = Math.min(90, i + 32) - i;
        yield {
          x: tf.tensor2d(x.slice(4 * i, 4 * (i + m)), [m, 4]),
          y: tf.tensor2d(y.slice(16 * i, 16 * (i + m)), [m, 16]),
        };
      }
    },
  };
}

const asImage = (t: tf.Tensor) => tf.reshape(t, [-1, 4, 4, 1]);

describe('fit with every regression, ranking and image metric attached', () => {
  it('reads the device once per epoch for its logs and all its metrics, with numTensors flat', async () => {
    const metrics = {
      mse: meanSquaredError(),
      rmse: rootMeanSquaredError(),
      mae: meanAbsoluteError(),
      mape: meanAbsolutePercentageError(),
      r2: r2Score(),
      explained: explainedVariance(),
      ndcg: ndcgAtK({ k: 5 }),
      precisionAt5: precisionAtK({ k: 5 }),
      recallAt5: recallAtK({ k: 5 }),
      hitRate: hitRateAtK({ k: 5 }),
      map: meanAveragePrecisionAtK({ k: 5 }),
      mrr: meanReciprocalRank(),
      // Targets and predictions seen as 4×4 single-channel images.
      psnr: mapPredictions(psnr({ maxVal: 4 }), asImage, asImage),
      ssim: mapPredictions(ssim({ maxVal: 4, filterSize: 3 }), asImage, asImage),
    } as Record<string, Metric<unknown, unknown>>;
    const counts: number[] = [];
    const data = targets();
    const { result, reads } = await countDeviceReads(() =>
      fit({
        model: linear16,
        inputShape: [null, 4],
        loss: mse,
        optimizer: sgd({ learningRate: 0.05 }),
        data,
        metrics,
        epochs: 20,
        seed: 2,
        callbacks: [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
      }),
    );
    expect(reads).toBe(20);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const last = result.history[19]!;
    // Definitions meet: the loss is the MSE averaged over outputs; RMSE averages each output's root,
    // so by Jensen it is at most √MSE.
    expect(last.mse).toBeCloseTo(last.loss!, 5);
    expect(last.rmse).toBeLessThanOrEqual(Math.sqrt(last.mse!) + 1e-6);
    expect(last.r2).toBeLessThanOrEqual(1);
    disposeTree(result.params);
    disposeTree(result.state);
    disposeDeep(result.optState);
  });
});
