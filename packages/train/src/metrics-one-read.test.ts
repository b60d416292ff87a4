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
  f1,
  fBeta,
  logLoss,
  mapPredictions,
  matthewsCorrelation,
  precision,
  recall,
  rocAuc,
  rocAucBinned,
  specificity,
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
