import { existsSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@strata/backends';
import { ConfigError, countTree, disposeTree } from '@strata/core';
import { mnist } from '@strata/data/node';
import { summary } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { accuracy, confusionMatrix } from '@strata/metrics';
import { earlyStopping } from '@strata/regularize';
import {
  disposeDeep,
  evaluate,
  fit,
  progressBar,
  recordMetrics,
  saveCheckpoint,
  type TrainCallback,
  writeReport,
} from '@strata/train';
import { readConfigSource, validateConfig } from './config.js';
import type { Io } from './main.js';
import { EVAL_BATCH, trainingFor } from './train-setup.js';

/** `strata train [preset|config.json] [flags]`: everything is validated before anything is written. */
export async function train(
  positional: readonly string[],
  overrides: Record<string, unknown>,
  io: Io,
): Promise<void> {
  if (positional.length > 1) {
    throw new ConfigError(
      'strata train',
      `takes one preset or config file, got ${positional.length}: ${positional.join(' ')}`,
    );
  }
  const { raw, source } = readConfigSource(positional[0]);
  const config = validateConfig({ ...raw, ...overrides }, source);
  const runDir = join(config.out, config.name);
  const checkpointDir = join(runDir, 'checkpoint');
  if (!config.resume && existsSync(join(checkpointDir, 'checkpoint.json'))) {
    io.err(
      `note: ${runDir} has a checkpoint from an earlier run; it is replaced (use --resume to continue it)`,
    );
  }

  const backend = await useBackend(config.backend);
  io.out(`backend: ${backend.name}${backend.reason ? ` (${backend.reason})` : ''}`);

  const data = await mnist({ validation: config.validation, seed: config.seed });
  const { stepsPerEpoch, ...training } = trainingFor(config, data);
  const { model, inputShape } = training;
  io.out(summary(model, inputShape));

  mkdirSync(runDir, { recursive: true });
  const callbacks: TrainCallback[] = [progressBar(), recordMetrics(runDir)];
  if (config.patience > 0) {
    callbacks.push(
      earlyStopping({ monitor: 'val_loss', patience: config.patience, restoreBest: true }) as TrainCallback,
    );
  }
  const loop = {
    epochs: config.epochs,
    callbacks,
    seed: config.seed,
    checkpointDir,
    resume: config.resume,
    meta: { config, backend: backend.name },
  };
  // With workers, each thread builds the same training from the config through train-setup.
  const setupModule = new URL(`./train-setup${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const result =
    config.workers === 0
      ? await fit({ ...training, ...loop })
      : await fit({
          workers: { count: config.workers, module: setupModule, args: config, backend: backend.name },
          ...loop,
        });

  const test = await evaluate({
    model,
    params: result.params,
    state: result.state,
    data: data.test.batch(EVAL_BATCH),
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: { accuracy: accuracy(), confusion: confusionMatrix({ numClasses: 10 }) },
  });
  const testAccuracy = test.logs.accuracy ?? Number.NaN;
  saveCheckpoint(join(runDir, 'model'), {
    epoch: result.history.length - 1,
    step: result.history.length * stepsPerEpoch,
    params: result.params,
    state: result.state,
    optState: {},
    history: result.history,
    meta: { config, backend: backend.name, params: countTree(result.params), testAccuracy },
  });
  writeReport(join(runDir, 'report.html'), {
    title: `Strata run ${config.name}: ${config.model} on ${config.dataset}`,
    history: result.history,
    confusionMatrix: test.results.confusion as number[][],
    summary: {
      'test accuracy': testAccuracy,
      'test loss': test.logs.loss ?? Number.NaN,
      backend: backend.name,
      epochs: result.history.length,
    },
    config,
  });
  disposeTree(result.params);
  disposeTree(result.state);
  disposeDeep(result.optState);
  io.out(`run written to ${runDir}/ (metrics.jsonl, checkpoint/, model/, report.html)`);
  io.out(
    `test accuracy: ${(testAccuracy * 100).toFixed(2)}% (${test.logs.loss?.toFixed(4)} loss) on 10,000 test images`,
  );
}
