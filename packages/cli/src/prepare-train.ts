import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError, type Registry } from '@strata/core';
import type { TrainCallback } from '@strata/train';
import type { RunFlags } from './args.js';
import { readConfigSource, type TrainConfig, validateConfig } from './config.js';
import { findPlugin, type PluginModule } from './load-plugins.js';
import { planRunFolder, type RunFolderPlan } from './run-folder.js';
import { callbacksFor, entriesFor, registryFor } from './run-setup.js';

/** A `strata train` invocation checked in full, before any data is read or anything is written. */
export interface PreparedTrain {
  readonly config: TrainConfig;
  readonly plugins: readonly PluginModule[];
  readonly registry: Registry;
  /** The callbacks the config asks for (early stopping from `patience`, then `callbacks`). */
  readonly callbacks: TrainCallback[];
  readonly plan: RunFolderPlan;
  /** Lines to print before training: settings that run but may not do what was meant. */
  readonly warnings: readonly string[];
}

/**
 * Every check of `strata train` that needs no data: the arguments, the config (fields, bounds, early
 * stopping without validation), the plugins and entries (ids and options), and the run folder
 * (writable; an existing one only with --resume, whose settings must match, or --overwrite). Reads
 * files, writes none; a ConfigError (exit 2) names the first thing wrong.
 */
export async function prepareTrain(
  positional: readonly string[],
  overrides: Readonly<Record<string, unknown>>,
  flags: RunFlags,
): Promise<PreparedTrain> {
  if (positional.length > 1) {
    throw new ConfigError(
      'strata train',
      `takes one preset or config file, got ${positional.length}: ${positional.join(' ')}`,
    );
  }
  const { raw, source } = readConfigSource(positional[0]);
  // --plugin adds to the config's plugins.
  const { plugins: flagPlugins = [], ...rest } = overrides as { plugins?: string[] };
  const withPlugins: Record<string, unknown> = { ...raw, ...rest };
  if (flagPlugins.length) {
    const fromConfig = Array.isArray(raw.plugins) ? (raw.plugins as unknown[]) : [];
    withPlugins.plugins = [...fromConfig, ...flagPlugins];
  }
  const config = validateConfig(withPlugins, source);
  const from = positional[0]?.endsWith('.json')
    ? [dirname(resolve(positional[0])), process.cwd()]
    : [process.cwd()];
  const plugins = config.plugins.map((p) => findPlugin(p, from));
  const registry = await registryFor(plugins);
  entriesFor(config, registry);
  const plan = planRunFolder(config, flags, registry);
  const callbacks = callbacksFor(config, registry, plan.runDir);
  const warnings: string[] = [];
  const cores = availableParallelism();
  if (typeof config.workers === 'number' && config.workers > cores) {
    warnings.push(
      `warning: --workers ${config.workers} is more than the ${cores} cores here; the threads share them and each step runs slower (--workers auto: one per core)`,
    );
  }
  if (plan.forced.length > 0) {
    warnings.push(
      `warning: --force: resuming with changed settings (${plan.forced.join('; ')}); the result will differ from an uninterrupted run`,
    );
  }
  return { config, plugins, registry, callbacks, plan, warnings };
}
