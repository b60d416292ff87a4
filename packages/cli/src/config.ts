import { existsSync, readFileSync } from 'node:fs';
import { assertInteger, assertKnownKeys, assertNumber, assertOneOf, ConfigError } from '@strata/core';
import { PRESETS, type PresetName } from './presets.js';

export const BACKENDS = ['auto', 'cpu', 'wasm', 'node', 'node-gpu', 'webgl', 'webgpu'] as const;

/** A training run, fully resolved: what `strata train` does. */
export interface TrainConfig {
  readonly preset: PresetName;
  readonly dataset: 'mnist';
  readonly model: 'cnn' | 'mlp';
  readonly backend: (typeof BACKENDS)[number];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Final learning rate as a fraction of the initial one, reached by cosine decay (1 = constant). */
  readonly decayTo: number;
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

export const CONFIG_KEYS = [
  'preset',
  'dataset',
  'model',
  'backend',
  'epochs',
  'batchSize',
  'learningRate',
  'decayTo',
  'seed',
  'validation',
  'patience',
  'name',
  'out',
  'resume',
  'workers',
] as const;

/** Checks every field; throws a labelled ConfigError on the first one that is wrong. */
export function validateConfig(raw: Record<string, unknown>, source: string): TrainConfig {
  assertKnownKeys(raw, CONFIG_KEYS, source);
  const presetName = raw.preset ?? 'mnist-cnn';
  assertOneOf(presetName, Object.keys(PRESETS) as PresetName[], `${source}: preset`);
  const merged: Record<string, unknown> = { workers: 0, ...PRESETS[presetName], ...raw, preset: presetName };
  const c = merged as unknown as TrainConfig;
  assertOneOf(c.dataset, ['mnist'], `${source}: dataset`);
  assertOneOf(c.model, ['cnn', 'mlp'], `${source}: model`);
  assertOneOf(c.backend, BACKENDS, `${source}: backend`);
  assertInteger(c.epochs, `${source}: epochs`);
  assertInteger(c.batchSize, `${source}: batch size`);
  assertNumber(c.learningRate, `${source}: learning rate`, { min: 0, exclusiveMin: true });
  assertNumber(c.decayTo, `${source}: decayTo`, { min: 0, max: 1 });
  assertInteger(c.seed, `${source}: seed`, 0);
  assertInteger(c.validation, `${source}: validation`, 0);
  if (c.validation >= 60_000) {
    throw new ConfigError(
      `${source}: validation`,
      `must leave training images: use fewer than 60000, got ${c.validation}`,
    );
  }
  assertInteger(c.patience, `${source}: patience`, 0);
  if (typeof c.name !== 'string' || !/^[\w.-]+$/.test(c.name)) {
    throw new ConfigError(
      `${source}: name`,
      `must be letters, digits, '.', '_' or '-', got ${JSON.stringify(c.name)}`,
    );
  }
  if (typeof c.out !== 'string' || c.out === '')
    throw new ConfigError(`${source}: out`, 'must be a directory path');
  if (typeof c.resume !== 'boolean') throw new ConfigError(`${source}: resume`, 'must be true or false');
  if (c.workers !== 'auto') assertInteger(c.workers, `${source}: workers`, 0);
  return c;
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
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(arg, 'utf8'));
    } catch (e) {
      throw new ConfigError(`strata train ${arg}`, `is not valid JSON (${(e as Error).message})`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(`strata train ${arg}`, 'must hold a JSON object of config fields');
    }
    return { raw: raw as Record<string, unknown>, source: arg };
  }
  if (!(arg in PRESETS)) {
    throw new ConfigError(
      'strata train',
      `unknown preset '${arg}'; presets are ${Object.keys(PRESETS).join(', ')} (or give a path ending in .json)`,
    );
  }
  return { raw: { preset: arg }, source: `preset ${arg}` };
}
