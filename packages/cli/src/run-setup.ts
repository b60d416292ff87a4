import {
  type Architecture,
  ConfigError,
  defaultRegistry,
  type EntryKind,
  type Layer,
  type Registry,
  type RegistryEntry,
  type Shape,
  type StepEntryInput,
  type TrainingStep,
} from '@strata/core';
import { accuracy } from '@strata/metrics';
import {
  defineWorkerSetup,
  type SupervisedStepOptions,
  type TrainCallback,
  type WorkerSetup,
} from '@strata/train';
import { augmentationsFor, augmentTraining } from './augment-training.js';
import { ENTRY_FIELDS, type EntryConfig, type TrainConfig } from './config.js';
import { type ClassificationData, type DatasetEntry, strataPlugin } from './entries/strata-plugin.js';
import { type PluginModule, usePlugin } from './load-plugins.js';

export const EVAL_BATCH = 500;

/** What a run records of each entry it was built from, so loading it later can say what is missing. */
export interface RecordedEntry {
  /** 'namespace/entry@version' */
  readonly ref: string;
  /** The package that provided it. */
  readonly plugin: string;
}

/**
 * The process's registry (`defaultRegistry()`, which `useBackend` also reads, so a plugin's backend
 * can be chosen) with Strata's own entries and the given plugins'. Using a plugin already in use is a
 * no-op, so every run and worker may call this.
 */
export async function registryFor(plugins: readonly PluginModule[]): Promise<Registry> {
  const registry = defaultRegistry().use(strataPlugin());
  for (const p of plugins) await usePlugin(registry, p);
  return registry;
}

/** The registry entry `entry` names, checked to exist and to be of `kind`. */
function entryOf(registry: Registry, entry: EntryConfig, kind: EntryKind, field: string): RegistryEntry {
  const { id } = entry;
  const available = registry
    .list(kind)
    .map((e) => e.id)
    .join(', ');
  if (!registry.has(id)) {
    throw new ConfigError(
      `${field} '${id}'`,
      `no such entry; the ${kind} registered are ${available}. An entry of a plugin package needs --plugin <package> (or "plugins" in the config)`,
    );
  }
  const found = registry.get(id);
  if (found.kind !== kind) {
    throw new ConfigError(
      `${field} '${id}'`,
      `is one of the ${found.kind}, not of the ${kind} (${available})`,
    );
  }
  return found;
}

/** The entry a config field names. */
const entryFor = (registry: Registry, config: TrainConfig, field: keyof typeof ENTRY_FIELDS) =>
  entryOf(registry, config[field], ENTRY_FIELDS[field], field);

/** `"{run}"` in a callback's string options stands for the run folder (a sample grid's `"{run}/samples"`). */
function withRunFolder(value: unknown, runDir: string | undefined): unknown {
  if (runDir === undefined) return value;
  if (typeof value === 'string') return value.replaceAll('{run}', runDir);
  if (Array.isArray(value)) return value.map((v) => withRunFolder(v, runDir));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRunFolder(v, runDir)]));
  }
  return value;
}

/**
 * The callbacks a config asks for, from the registry: early stopping on val_loss when `patience` > 0
 * (`strata/early-stopping`), then each of `callbacks` in order, `"{run}"` in their string options
 * replaced by `runDir` when given.
 */
export function callbacksFor(config: TrainConfig, registry: Registry, runDir?: string): TrainCallback[] {
  const entries: EntryConfig[] = [
    ...(config.patience > 0
      ? [
          {
            id: 'strata/early-stopping',
            options: { monitor: 'val_loss', patience: config.patience, restoreBest: true },
          },
        ]
      : []),
    ...config.callbacks,
  ];
  return entries.map(
    (e, i) =>
      entryOf(registry, e, 'callbacks', `callbacks[${i}]`).factory(
        withRunFolder(e.options, runDir),
      ) as TrainCallback,
  );
}

function isLayer(value: unknown): value is Layer {
  const v = value as Partial<Layer> | null;
  return typeof v?.init === 'function' && typeof v.apply === 'function';
}

/**
 * Every entry a config names, looked up and built (so its options are checked) without reading any
 * data: what `strata train` checks before anything is written, and `trainingFor` builds on.
 */
export function entriesFor(config: TrainConfig, registry: Registry) {
  const entries = Object.fromEntries(
    (Object.keys(ENTRY_FIELDS) as (keyof typeof ENTRY_FIELDS)[]).map((f) => [
      f,
      entryFor(registry, config, f),
    ]),
  ) as Record<keyof typeof ENTRY_FIELDS, RegistryEntry>;
  const step = config.step && entryOf(registry, config.step, 'steps', 'step');
  const model = entries.model.factory(config.model.options) as Architecture;
  if (!step && !isLayer(model)) {
    const steps = registry.list('steps').map((e) => e.id);
    throw new ConfigError(
      `model '${config.model.id}'`,
      `has parts (${Object.keys(model as object).join(', ')}), which the supervised step cannot train; name a step that trains them with "step": { "id": ... } (${steps.length ? `registered: ${steps.join(', ')}` : 'no step is registered; add the plugin that provides one with --plugin'})`,
    );
  }
  const loss = entries.loss.factory(config.loss.options) as SupervisedStepOptions<unknown>['loss'];
  const { options } = config.optimizer;
  const decays = 'decayTo' in options && !('decaySteps' in options);
  // Built once now to check its options before the data set is read; again by trainingFor with the run's length.
  entries.optimizer.factory({ ...options, ...(decays ? { decaySteps: 1 } : {}) });
  const dataset = entries.dataset.factory(config.dataset.options) as DatasetEntry;
  // Built now so an unknown augmentation or a bad option fails before the data set is read.
  augmentationsFor(config.augment, registry);
  return { entries, step, model, loss, decays, dataset };
}

/** The training a config's `step` entry builds: its factory called with the run's pieces. */
function stepFor(
  entry: RegistryEntry,
  config: TrainConfig,
  input: Omit<StepEntryInput, 'options'>,
): TrainingStep<unknown> {
  const step = entry.factory({ ...input, options: config.step?.options ?? {} }) as TrainingStep<unknown>;
  if (typeof step?.step !== 'function' || typeof step.init !== 'function') {
    throw new ConfigError(
      `step '${entry.id}'`,
      'its factory returned no TrainingStep ({ name, init, initOptimizer, step })',
    );
  }
  return step;
}

/**
 * What `strata train` trains for a config, built from registry entries by id: the model, loss,
 * optimizer (an option `decayTo` decays its rate over the whole run unless `decaySteps` says
 * otherwise), the shuffled training batches, validation batches and metrics. One definition for the
 * single-process run and every worker of a `--workers` run.
 */
export async function trainingFor(
  config: TrainConfig,
  registry: Registry,
): Promise<{
  readonly training: WorkerSetup<unknown>;
  /** The built architecture (one layer, or parts when a `step` trains it) and one example's shape. */
  readonly model: Architecture;
  readonly inputShape: Shape;
  readonly loss: SupervisedStepOptions<unknown>['loss'];
  readonly data: ClassificationData;
  readonly stepsPerEpoch: number;
  readonly entries: Readonly<Record<string, RecordedEntry>>;
}> {
  const { entries, step, model, loss, decays, dataset } = entriesFor(config, registry);
  const { options } = config.optimizer;
  const data = await dataset.load({ validation: config.validation, seed: config.seed });
  const rows = data.train.cardinality();
  if (rows === undefined || rows === 0) {
    throw new ConfigError(`dataset '${config.dataset.id}'`, 'has no training rows left; lower validation');
  }
  const stepsPerEpoch = Math.ceil(rows / config.batchSize);
  const decaySteps = decays ? { decaySteps: stepsPerEpoch * config.epochs } : {};
  const optimizer = entries.optimizer.factory({
    ...options,
    ...decaySteps,
  }) as SupervisedStepOptions<unknown>['optimizer'];
  const batches = augmentTraining(
    data.train.shuffle('all', { seed: config.seed }).batch(config.batchSize),
    augmentationsFor(config.augment, registry),
    config.seed,
  ).prefetch(2);
  const validationData =
    data.validation && config.validation > 0 ? { validationData: data.validation.batch(EVAL_BATCH) } : {};
  let training: WorkerSetup<unknown>;
  if (step) {
    const built = stepFor(step, config, { model, inputShape: data.inputShape, optimizer, loss });
    // A step scores validation data only when it has an evaluate; a GAN's adversarial step has none.
    training = { step: built, data: batches, ...(built.evaluate ? validationData : {}) };
  } else {
    training = {
      model: model as Layer,
      inputShape: data.inputShape,
      loss,
      optimizer,
      data: batches,
      ...validationData,
      metrics: { accuracy: accuracy() },
    };
  }
  const recorded = Object.fromEntries(
    Object.entries({ ...entries, ...(step ? { step } : {}) }).map(([f, e]) => [
      f,
      { ref: e.ref, plugin: e.plugin },
    ]),
  );
  return { training, model, inputShape: data.inputShape, loss, data, stepsPerEpoch, entries: recorded };
}

/** What each worker of `strata train --workers` is handed: the config and where its plugins are. */
export interface WorkerArgs {
  readonly config: TrainConfig;
  readonly plugins: readonly PluginModule[];
}

/**
 * The module each worker of `strata train --workers` imports: it builds its own registry (Strata's
 * entries and the run's plugins) and its own training from the config, so no closure or data passes
 * through the main thread.
 */
export const setup = defineWorkerSetup(async ({ args }) => {
  const { config, plugins } = args as WorkerArgs;
  const { training } = await trainingFor(config, await registryFor(plugins));
  return training;
});

/**
 * Checks that every entry a saved run records (`meta.entries` of a checkpoint or model) is registered,
 * so loading it fails up front, naming the package, the id and the versions that fit, instead of
 * deep inside with "Unknown layer".
 */
export function assertEntriesRegistered(
  meta: Readonly<Record<string, unknown>>,
  registry: Registry,
  label: string,
): void {
  const recorded = (meta.entries ?? {}) as Readonly<Record<string, RecordedEntry>>;
  for (const [field, { ref, plugin }] of Object.entries(recorded)) {
    const at = ref.lastIndexOf('@');
    const id = ref.slice(0, at);
    const version = ref.slice(at + 1);
    if (!registry.has(id)) {
      throw new ConfigError(
        label,
        `its ${field} was built by '${id}' from ${plugin}@${version}, which is not registered here; install ${plugin}@^${version} and pass --plugin ${plugin}`,
      );
    }
  }
}
