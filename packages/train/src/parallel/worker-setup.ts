/*
 * A worker's setup (internal): imports the module named by `workers.module`, calls its setup function
 * and checks what it returned, so a wrong setup fails with a message naming the field.
 */
import { ConfigError, type TrainingStep } from '@strata/core';
import type { BatchSource } from '../batch-source.js';
import type { Metrics } from '../epoch-sums.js';
import { stepOf } from '../step-of.js';
import type { WorkerInit } from './protocol.js';
import type { WorkerSetup, WorkerSetupFunction } from './types.js';

const SETUP_KEYS = [
  'step',
  'model',
  'inputShape',
  'loss',
  'optimizer',
  'keys',
  'constrain',
  'trainable',
  'data',
  'validationData',
  'metrics',
  'initialParams',
];

/** What a worker trains, resolved: its step, data and metrics. */
export interface ResolvedSetup {
  readonly step: TrainingStep;
  readonly data: BatchSource;
  readonly validationData: BatchSource | undefined;
  readonly metrics: Metrics;
  readonly initialParams: WorkerSetup['initialParams'];
}

function checkSetup(setup: unknown, where: string): ResolvedSetup {
  if (setup === null || typeof setup !== 'object') {
    throw new ConfigError(
      where,
      `must return { step, data } or { model, inputShape, loss, optimizer, data }, got ${typeof setup}`,
    );
  }
  const s = setup as WorkerSetup;
  const unknown = Object.keys(s).find((k) => !SETUP_KEYS.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(
      where,
      `returned unknown field '${unknown}'; known fields are ${SETUP_KEYS.join(', ')}`,
    );
  }
  if (s.data === undefined) throw new ConfigError(where, "returned no 'data'; every worker needs one");
  const model = (s as { model?: { init?: unknown; apply?: unknown } }).model;
  if (model !== undefined && (typeof model.init !== 'function' || typeof model.apply !== 'function')) {
    throw new ConfigError(where, "'model' must be a Layer ({ init, apply })");
  }
  const optimizer = (s as { optimizer?: { init?: unknown; update?: unknown } }).optimizer;
  if (
    optimizer !== undefined &&
    (typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function')
  ) {
    throw new ConfigError(where, "'optimizer' must be a GradientTransformation ({ init, update })");
  }
  const loss = (s as { loss?: unknown }).loss;
  if (loss !== undefined && typeof loss !== 'function') {
    throw new ConfigError(where, "'loss' must be a function (yTrue, yPred) => scalar");
  }
  const step = stepOf(s as never, where);
  if (s.validationData && !step.evaluate) {
    throw new ConfigError(
      where,
      `returned validationData, but the step '${step.name}' has no evaluate to score it`,
    );
  }
  return {
    step,
    data: s.data,
    validationData: s.validationData,
    metrics: s.metrics ?? {},
    initialParams: s.initialParams,
  };
}

/** Imports the setup module and builds this worker's training from it. */
export async function loadSetup(init: WorkerInit): Promise<ResolvedSetup> {
  const mod = (await import(init.module)) as Record<string, unknown>;
  const fn = mod[init.exportName];
  if (typeof fn !== 'function') {
    const names = Object.keys(mod);
    throw new ConfigError(
      'fit({workers}).module',
      `${init.module} has no function export '${init.exportName}' (its exports: ${names.length ? names.join(', ') : 'none'}); export the setup function under that name or set workers.export`,
    );
  }
  const context = { rank: init.rank, workers: init.count, args: init.args, seed: init.seed };
  const setup = await (fn as WorkerSetupFunction)(context);
  return checkSetup(setup, `fit({workers}): ${init.exportName}() in ${init.module}`);
}
