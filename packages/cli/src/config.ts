import { existsSync, readFileSync } from 'node:fs';
import { assertKnownKeys, assertOneOf, ConfigError } from '@strata/core';
import { augmentConfig } from './augment-training.js';
import { presetNames, readPreset } from './presets.js';

export const BACKENDS = ['auto', 'cpu', 'wasm', 'node', 'node-gpu', 'webgl', 'webgpu'] as const;

/** A registry entry named in a config: its id and its options (checked by the entry itself). */
export interface EntryConfig {
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A training run, fully resolved: what `strata train` does. */
export interface TrainConfig {
  /** The preset the config starts from. */
  readonly preset: string;
  /** Plugin packages to load (names installed in node_modules, or paths to package folders). */
  readonly plugins: readonly string[];
  readonly dataset: EntryConfig;
  readonly model: EntryConfig;
  readonly loss: EntryConfig;
  readonly optimizer: EntryConfig;
  /**
   * The training step entry, e.g. `{ id: 'gan/adversarial', options }`: built from the model, the
   * optimizer and the loss (a `StepEntryInput`) and trained with `fit({ step })`. Needed by an
   * architecture with parts; without it the supervised step trains the model.
   */
  readonly step?: EntryConfig;
  /** Callback entries added to the run's own (progress, metrics file, early stopping from `patience`). */
  readonly callbacks: readonly EntryConfig[];
  /** Augmentation entries applied in order to each training batch's images on the device, seeded by `seed`. */
  readonly augment: readonly EntryConfig[];
  readonly backend: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly validation: number;
  /** Stop after this many epochs without a better val_loss and restore the best params (0 = off). */
  readonly patience: number;
  readonly name: string;
  readonly out: string;
  readonly resume: boolean;
  /** Worker threads to train on (`fit({ workers })`), 'auto' for one per core; 0: this thread. */
  readonly workers: number | 'auto';
}

/** The config fields that name registry entries, and the kind of entry each takes. */
export const ENTRY_FIELDS = {
  dataset: 'datasets',
  model: 'architectures',
  loss: 'losses',
  optimizer: 'optimizers',
} as const;

export const CONFIG_KEYS = [
  'preset',
  'plugins',
  ...Object.keys(ENTRY_FIELDS),
  'step',
  'callbacks',
  'augment',
  'learningRate',
  'backend',
  'epochs',
  'batchSize',
  'seed',
  'validation',
  'patience',
  'name',
  'out',
  'resume',
  'workers',
];

/**
 * Upper bounds on the counts of a run. Each is far above any sensible run and below what exhausts a
 * machine before the first epoch ends (an epoch count of 10^9 used to run out of memory after minutes).
 */
export const LIMITS = {
  epochs: 100_000,
  batchSize: 65_536,
  validation: 10_000_000,
  patience: 100_000,
  workers: 256,
  seed: Number.MAX_SAFE_INTEGER,
} as const;

/** An integer in [min, LIMITS[key]], else a ConfigError stating the range. */
function assertCount(config: Record<string, unknown>, key: keyof typeof LIMITS, label: string, min: number) {
  const value = config[key];
  const max = LIMITS[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const shown =
      typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    throw new ConfigError(
      label,
      `must be an integer from ${min} to ${max.toLocaleString('en-US')}, got ${shown}`,
    );
  }
}

/** The monitored log of an early-stopping entry (its default is val_loss), else undefined. */
function monitorOf(entry: EntryConfig): string | undefined {
  const monitor = entry.options.monitor;
  if (typeof monitor === 'string') return monitor;
  return entry.id === 'strata/early-stopping' ? 'val_loss' : undefined;
}

/** `"strata/cnn"` or `{ "id": "strata/cnn", ...options }`. */
export function entryConfig(value: unknown, label: string): EntryConfig {
  if (typeof value === 'string') return { id: value, options: {} };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { id, ...options } = value as Record<string, unknown>;
    if (typeof id === 'string' && id !== '') return { id, options };
  }
  throw new ConfigError(
    label,
    `must name a registry entry: an id such as "strata/cnn" or { "id": "strata/cnn", ...options }, got ${JSON.stringify(value)}`,
  );
}

/** Checks every field; throws a labelled ConfigError on the first one that is wrong. */
export function validateConfig(raw: Record<string, unknown>, source: string): TrainConfig {
  assertKnownKeys(raw, CONFIG_KEYS, source);
  const presetName = raw.preset ?? 'mnist-cnn';
  assertOneOf(presetName, presetNames(), `${source}: preset`);
  // `learningRate` (the --learning-rate flag) is the optimizer's option, whichever optimizer it is.
  const { learningRate, ...fields }: Record<string, unknown> = {
    workers: 0,
    plugins: [],
    callbacks: [],
    ...readPreset(presetName),
    ...raw,
  };
  const c = { ...fields, preset: presetName } as Record<string, unknown>;
  for (const field of Object.keys(ENTRY_FIELDS)) c[field] = entryConfig(c[field], `${source}: ${field}`);
  if (!Array.isArray(c.callbacks)) {
    throw new ConfigError(
      `${source}: callbacks`,
      `must be an array of registry entries, got ${JSON.stringify(c.callbacks)}`,
    );
  }
  c.callbacks = c.callbacks.map((cb, i) => entryConfig(cb, `${source}: callbacks[${i}]`));
  if (c.step === undefined || c.step === null) delete c.step;
  else c.step = entryConfig(c.step, `${source}: step`);
  c.augment = augmentConfig(c.augment, source, entryConfig);
  if (learningRate !== undefined) {
    const optimizer = c.optimizer as EntryConfig;
    c.optimizer = { ...optimizer, options: { ...optimizer.options, learningRate } };
  }
  const config = c as unknown as TrainConfig;
  if (!Array.isArray(config.plugins) || config.plugins.some((p) => typeof p !== 'string' || p === '')) {
    throw new ConfigError(
      `${source}: plugins`,
      `must be an array of package names, got ${JSON.stringify(config.plugins)}`,
    );
  }
  // Any backend name: a plugin may add one; useBackend names the ones it knows when this one is not.
  if (typeof config.backend !== 'string' || config.backend === '') {
    throw new ConfigError(
      `${source}: backend`,
      `must be a backend name such as ${BACKENDS.join(', ')}, got ${JSON.stringify(config.backend)}`,
    );
  }
  const fieldsOf = config as unknown as Record<string, unknown>;
  assertCount(fieldsOf, 'epochs', `${source}: epochs`, 1);
  assertCount(fieldsOf, 'batchSize', `${source}: batch size`, 1);
  assertCount(fieldsOf, 'seed', `${source}: seed`, 0);
  assertCount(fieldsOf, 'validation', `${source}: validation`, 0);
  assertCount(fieldsOf, 'patience', `${source}: patience`, 0);
  // Early stopping watches a validation log: without validation it would fail after a whole epoch.
  if (config.validation === 0) {
    if (config.patience > 0) {
      throw new ConfigError(
        `${source}: patience`,
        `early stopping (patience ${config.patience}) monitors val_loss, and validation is 0; hold out images with --validation <n> or turn it off with --patience 0`,
      );
    }
    config.callbacks.forEach((cb, i) => {
      const monitor = monitorOf(cb);
      if (monitor?.startsWith('val_')) {
        throw new ConfigError(
          `${source}: callbacks[${i}] '${cb.id}'`,
          `monitors ${monitor}, and validation is 0; hold out images with --validation <n> or monitor a training log`,
        );
      }
    });
  }
  if (typeof config.name !== 'string' || !/^[\w.-]+$/.test(config.name) || /^\.+$/.test(config.name)) {
    throw new ConfigError(
      `${source}: name`,
      `must be letters, digits, '.', '_' or '-' (not only dots), got ${JSON.stringify(config.name)}`,
    );
  }
  if (typeof config.out !== 'string' || config.out === '' || config.out.includes('\0'))
    throw new ConfigError(`${source}: out`, `must be a directory path, got ${JSON.stringify(config.out)}`);
  if (typeof config.resume !== 'boolean') throw new ConfigError(`${source}: resume`, 'must be true or false');
  if (config.workers !== 'auto') assertCount(fieldsOf, 'workers', `${source}: workers`, 0);
  return config;
}

/** Reads `strata train` input: a preset name or a JSON config file. */
export function readConfigSource(arg: string | undefined): { raw: Record<string, unknown>; source: string } {
  if (arg === undefined) return { raw: {}, source: 'strata train' };
  if (arg.endsWith('.json')) {
    if (!existsSync(arg))
      throw new ConfigError(
        `strata train ${arg}`,
        'file not found; give a preset name or a path to a JSON config',
      );
    let text: string;
    try {
      text = readFileSync(arg, 'utf8');
    } catch (e) {
      // A folder named *.json, a file without read permission: the argument is what is wrong.
      throw new ConfigError(
        `strata train ${arg}`,
        `cannot be read (${(e as { code?: string }).code ?? (e as Error).message}); give a preset name or a path to a JSON config file`,
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`strata train ${arg}`, `is not valid JSON (${(e as Error).message})`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(`strata train ${arg}`, 'must hold a JSON object of config fields');
    }
    return { raw: raw as Record<string, unknown>, source: arg };
  }
  if (!presetNames().includes(arg)) {
    throw new ConfigError(
      'strata train',
      `unknown preset '${arg}'; presets are ${presetNames().join(', ')} (or give a path ending in .json)`,
    );
  }
  return { raw: { preset: arg }, source: `preset ${arg}` };
}
