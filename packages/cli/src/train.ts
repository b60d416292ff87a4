import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { useBackend } from '@strata/backends';
import { ConfigError, countTree, disposeTree } from '@strata/core';
import { summary } from '@strata/layers';
import { accuracy, classificationReport, confusionMatrix } from '@strata/metrics';
import {
  disposeDeep,
  evaluate,
  fit,
  progressBar,
  recordMetrics,
  saveCheckpoint,
  type TrainCallback,
} from '@strata/train';
import { readConfigSource, validateConfig } from './config.js';
import { findPlugin } from './load-plugins.js';
import type { Io } from './main.js';
import { writeReport } from './report.js';
import {
  assertEntriesRegistered,
  callbacksFor,
  EVAL_BATCH,
  registryFor,
  trainingFor,
  type WorkerArgs,
} from './run-setup.js';

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
  // --plugin adds to the config's plugins.
  const { plugins: flagPlugins = [], ...flags } = overrides as { plugins?: string[] };
  const withPlugins: Record<string, unknown> = { ...raw, ...flags };
  if (flagPlugins.length)
    withPlugins.plugins = [...((raw.plugins as string[] | undefined) ?? []), ...flagPlugins];
  const config = validateConfig(withPlugins, source);
  const from = positional[0]?.endsWith('.json')
    ? [dirname(resolve(positional[0])), process.cwd()]
    : [process.cwd()];
  const plugins = config.plugins.map((p) => findPlugin(p, from));
  const registry = await registryFor(plugins);
  const fromConfig = callbacksFor(config, registry);
  const runDir = join(config.out, config.name);
  const checkpointDir = join(runDir, 'checkpoint');
  const manifest = join(checkpointDir, 'checkpoint.json');
  if (config.resume && existsSync(manifest)) {
    const { meta = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { meta?: Record<string, unknown> };
    assertEntriesRegistered(meta, registry, `--resume ${checkpointDir}`);
  }
  if (!config.resume && existsSync(manifest)) {
    io.err(
      `note: ${runDir} has a checkpoint from an earlier run; it is replaced (use --resume to continue it)`,
    );
  }

  const backend = await useBackend(config.backend as Parameters<typeof useBackend>[0]);
  io.out(`backend: ${backend.name}${backend.reason ? ` (${backend.reason})` : ''}`);

  const { training, data, stepsPerEpoch, entries } = await trainingFor(config, registry);
  const { model, inputShape } = training;
  io.out(summary(model, inputShape));

  mkdirSync(runDir, { recursive: true });
  const callbacks: TrainCallback[] = [progressBar(), recordMetrics(runDir), ...fromConfig];
  const meta = {
    config,
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

  const test = data.test
    ? await evaluate({
        model,
        params: result.params,
        state: result.state,
        data: data.test.batch(EVAL_BATCH),
        loss: training.loss,
        metrics: {
          accuracy: accuracy(),
          confusion: confusionMatrix({ numClasses: data.classes }),
          report: classificationReport({ task: 'multiclass', numClasses: data.classes }),
        },
      })
    : undefined;
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
    summary: {
      'test accuracy': testAccuracy,
      'test loss': test?.logs.loss ?? Number.NaN,
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
