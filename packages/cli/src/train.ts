import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '@strata/backends';
import { countTree, disposeTree, type Layer } from '@strata/core';
import { summary } from '@strata/layers';
import {
  accuracy,
  averagePrecision,
  classificationReport,
  confusionMatrix,
  mapPredictions,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '@strata/metrics';
import {
  disposeDeep,
  evaluate,
  fit,
  progressBar,
  recordMetrics,
  saveCheckpoint,
  type TrainCallback,
} from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import type { RunFlags } from './args.js';
import type { Io } from './main.js';
import { type PreparedTrain, prepareTrain } from './prepare-train.js';
import { writeReport } from './report.js';
import { savedConfig, writeRunFolder } from './run-folder.js';
import { EVAL_BATCH, trainingFor, type WorkerArgs } from './run-setup.js';

/**
 * `strata train [preset|config.json] [flags]`: everything that can be checked without the data is
 * checked first (`prepareTrain`), the data set is loaded, and only then is the run folder written.
 */
export async function train(
  positional: readonly string[],
  overrides: Record<string, unknown>,
  io: Io,
  flags: RunFlags = { overwrite: false, force: false, verbose: false },
): Promise<void> {
  const prepared = await prepareTrain(positional, overrides, flags);
  const { plan } = prepared;
  for (const line of prepared.warnings) io.err(line);
  const { runDir } = plan;
  try {
    await trainInto(prepared, io);
  } catch (e) {
    // A write that failed on an open file descriptor (ENOSPC mid-write) names no path: name the folder.
    const fault = e as { code?: unknown; syscall?: unknown; path?: unknown };
    if (typeof fault.code === 'string' && typeof fault.syscall === 'string' && fault.path === undefined)
      Object.assign(e as object, { path: runDir });
    throw e;
  }
}

/** The run once every check has passed: load the data, write the folder, train, evaluate, save. */
async function trainInto(prepared: PreparedTrain, io: Io): Promise<void> {
  const { config, plugins, plan } = prepared;
  const { runDir } = plan;
  const checkpointDir = join(runDir, 'checkpoint');

  const backend = await useBackend(config.backend as Parameters<typeof useBackend>[0]);
  io.out(`backend: ${backend.name}${backend.reason ? ` (${backend.reason})` : ''}`);

  const { training, model, inputShape, loss, data, stepsPerEpoch, entries } = await trainingFor(
    config,
    prepared.registry,
  );
  // A step-trained architecture may have parts, whose input shapes only its step knows.
  const supervised = !('step' in training);
  if (supervised) io.out(summary(model as Layer, inputShape));
  else
    io.out(
      `model ${config.model.id}${isLayer(model) ? '' : ` (parts: ${Object.keys(model).join(', ')})`}, trained by step ${config.step?.id}`,
    );

  // Every check passed: only now is the folder replaced or created, and the config saved in it.
  writeRunFolder(plan, config);
  const callbacks: TrainCallback[] = [progressBar(), recordMetrics(runDir), ...prepared.callbacks];
  const meta = {
    config: savedConfig(config),
    backend: backend.name,
    entries,
    plugins: plugins.map(({ name, version }) => ({ name, version })),
  };
  const loop = {
    epochs: config.epochs,
    callbacks,
    seed: config.seed,
    checkpointDir,
    resume: config.resume,
    meta,
  };
  const workerArgs: WorkerArgs = { config, plugins };
  const result =
    config.workers === 0
      ? await fit({ ...training, ...loop })
      : await fit({
          // Each worker builds the same training from the config through run-setup's `setup`.
          workers: {
            count: config.workers,
            module: new URL(import.meta.url.replace(/train\.([jt]s)$/, 'run-setup.$1')),
            args: workerArgs,
            backend: backend.name,
          },
          ...loop,
        });

  const test =
    supervised && data.test
      ? await evaluate({
          model: model as Layer,
          params: result.params,
          state: result.state,
          data: data.test.batch(EVAL_BATCH),
          loss,
          metrics: {
            accuracy: accuracy(),
            confusion: confusionMatrix({ numClasses: data.classes }),
            report: classificationReport({ task: 'multiclass', numClasses: data.classes }),
            ...(data.classes === 2 ? binaryCurveMetrics() : {}),
          },
        })
      : undefined;
  const curves = test && data.classes === 2 ? binaryCurves(test.results, test.logs) : undefined;
  const testAccuracy = test?.logs.accuracy ?? Number.NaN;
  saveCheckpoint(join(runDir, 'model'), {
    epoch: result.history.length - 1,
    step: result.history.length * stepsPerEpoch,
    params: result.params,
    state: result.state,
    optState: {},
    history: result.history,
    meta: { ...meta, params: countTree(result.params), testAccuracy },
  });
  writeReport(join(runDir, 'report.html'), {
    title: `Strata run ${config.name}: ${config.model.id} on ${config.dataset.id}`,
    history: result.history,
    ...(test
      ? {
          confusionMatrix: test.results.confusion as number[][],
          classReport: (test.results.report as { table: string }).table,
        }
      : {}),
    ...(curves ? { curves } : {}),
    images: sampleImages(join(runDir, 'samples')),
    summary: {
      ...(supervised ? { 'test accuracy': testAccuracy, 'test loss': test?.logs.loss ?? Number.NaN } : {}),
      ...(config.step ? { step: config.step.id } : {}),
      backend: backend.name,
      epochs: result.history.length,
    },
    config,
  });
  disposeTree(result.params);
  disposeTree(result.state);
  disposeDeep(result.optState);
  io.out(`run written to ${runDir}/ (metrics.jsonl, checkpoint/, model/, report.html)`);
  if (test) {
    io.out((test.results.report as { table: string }).table);
    io.out(
      `test accuracy: ${(testAccuracy * 100).toFixed(2)}% (${test.logs.loss?.toFixed(4)} loss) on ${data.test!.cardinality()?.toLocaleString('en-US')} test images`,
    );
  }
}

const isLayer = (m: unknown): m is Layer => typeof (m as Layer).init === 'function';

/**
 * The PNG images a callback wrote into the run's `samples` folder (a GAN's grid per epoch), in name
 * order with epoch numbers compared as numbers, as data URLs for the report.
 */
function sampleImages(dir: string): { title: string; src: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => ({
      title: f.replace(/\.png$/, ''),
      src: `data:image/png;base64,${readFileSync(join(dir, f)).toString('base64')}`,
    }));
}

/** A two-class model's probability of class 1, from its outputs (logits or probabilities alike rank the same). */
const positiveScore = (yPred: tf.Tensor) => tf.reshape(tf.slice(tf.softmax(yPred), [0, 1], [-1, 1]), [-1]);

/** A binary task's ROC and precision–recall curves and their areas, over the test set. */
function binaryCurveMetrics() {
  return {
    roc: mapPredictions(rocCurve(), positiveScore),
    pr: mapPredictions(precisionRecallCurve(), positiveScore),
    auc: mapPredictions(rocAuc({ task: 'binary' }), positiveScore),
    averagePrecision: mapPredictions(averagePrecision({ task: 'binary' }), positiveScore),
  };
}

function binaryCurves(results: Readonly<Record<string, unknown>>, logs: Readonly<Record<string, number>>) {
  const roc = results.roc as { fpr: number[]; tpr: number[] };
  const pr = results.pr as { precision: number[]; recall: number[] };
  return {
    roc,
    pr,
    ...(logs.auc === undefined ? {} : { auc: logs.auc }),
    ...(logs.averagePrecision === undefined ? {} : { averagePrecision: logs.averagePrecision }),
  };
}
