import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, type Registry } from '@strata/core';
import type { RunFlags } from './args.js';
import type { TrainConfig } from './config.js';
import { assertEntriesRegistered } from './run-setup.js';

/** The resolved config of a run, as saved in its folder: without `resume`, an action of one invocation. */
export type SavedConfig = Omit<TrainConfig, 'resume'>;

/** What `strata train` does with `<out>/<name>/`: start it, replace it, or continue it. */
export interface RunFolderPlan {
  readonly runDir: string;
  readonly action: 'new' | 'overwrite' | 'resume';
  /** The settings that differ from the saved run's and change the result (resumed with --force). */
  readonly forced: readonly string[];
}

/** The files a run folder holds; a folder with none of them is not replaced by --overwrite. */
const RUN_FILES = ['config.json', 'metrics.jsonl', 'checkpoint', 'model', 'report.html'];

export function savedConfig(config: TrainConfig): SavedConfig {
  const { resume: _resume, ...saved } = config;
  return saved;
}

/** JSON with sorted keys, so two configs compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** True when the optimizer's rate decays over the whole run, so the epoch count sets the schedule. */
function scheduleFollowsEpochs(config: Partial<SavedConfig>): boolean {
  const options = (config.optimizer?.options ?? {}) as Record<string, unknown>;
  return options.decayTo !== undefined && options.decayTo !== 1 && options.decaySteps === undefined;
}

/**
 * The settings of `current` that differ from `saved` and change what training computes, as
 * `field: saved → current`. Not compared: `name` and `out` (they locate the folder), `backend` and
 * `workers` (where the same steps run; the sums may round differently, never differ in their math),
 * `plugins` and `preset` (the entries they resolve to are compared), and `epochs` (a resumed run may
 * train longer or shorter) unless the optimizer's rate decays over the run's length.
 */
export function resultChanges(saved: Partial<SavedConfig>, current: SavedConfig): string[] {
  const fields = [
    'dataset',
    'model',
    'loss',
    'optimizer',
    'callbacks',
    'augment',
    'seed',
    'batchSize',
    'validation',
    'patience',
  ] as const;
  const compared: readonly (keyof SavedConfig)[] =
    scheduleFollowsEpochs(saved) || scheduleFollowsEpochs(current) ? [...fields, 'epochs'] : fields;
  const changes: string[] = [];
  for (const field of compared) {
    // Runs saved before the augment field existed trained without augmentation.
    const before = canonical(field === 'augment' ? (saved.augment ?? []) : saved[field]);
    const now = canonical(current[field]);
    if (before !== now) changes.push(`${field}: ${before} → ${now}`);
  }
  return changes;
}

/** The resolved config a run folder was started with: config.json, else the checkpoint's meta (older runs). */
function readSavedConfig(runDir: string): Partial<SavedConfig> | undefined {
  for (const [file, pick] of [
    ['config.json', (j: Record<string, unknown>) => j],
    [
      join('checkpoint', 'checkpoint.json'),
      (j: Record<string, unknown>) => (j.meta as Record<string, unknown>)?.config,
    ],
  ] as const) {
    const path = join(runDir, file);
    if (!existsSync(path)) continue;
    try {
      const found = pick(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
      if (found && typeof found === 'object') return found as Partial<SavedConfig>;
    } catch {
      // An unreadable file is the checkpoint loader's to report (it falls back or names the damage).
    }
  }
  return undefined;
}

/**
 * Checks, without writing anything, that the run folder can be written: the nearest existing folder
 * on the way to it is a folder (else the real ENOTDIR of reading it) and writable (else EACCES).
 */
function assertWritable(runDir: string): void {
  let at = resolve(runDir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  if (!statSync(at).isDirectory()) readdirSync(at);
  accessSync(at, constants.W_OK);
}

/**
 * Decides what `strata train` does with `<out>/<name>/` before anything is written: a new folder is
 * started; an existing one is refused unless `--resume` (which must train what the saved run did,
 * unless `--force`) or `--overwrite` (which replaces it whole) says what to do with it.
 */
export function planRunFolder(config: TrainConfig, flags: RunFlags, registry: Registry): RunFolderPlan {
  const runDir = join(config.out, config.name);
  // The name is letters, digits, '.', '_' and '-', not only dots: this holds by construction; checked
  // again here because a run folder outside --out is the one mistake that writes where it must not.
  const inside = relative(resolve(config.out), resolve(runDir));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new ConfigError('--name', `${JSON.stringify(config.name)} does not name a folder inside --out`);
  }
  if (flags.overwrite && config.resume) {
    throw new ConfigError(
      '--overwrite',
      'and --resume contradict each other: --resume continues the run folder, --overwrite replaces it; pass one',
    );
  }
  if (flags.force && !config.resume) {
    throw new ConfigError('--force', 'applies to --resume only (to continue a run whose settings changed)');
  }
  assertWritable(runDir);
  // A file where the run folder goes: reading it raises the real ENOTDIR, reported as a fault.
  const exists = existsSync(runDir) && readdirSync(runDir).length > 0;
  if (!exists) return { runDir, action: 'new', forced: [] };
  if (config.resume) {
    const manifest = join(runDir, 'checkpoint', 'checkpoint.json');
    if (existsSync(manifest)) {
      let meta: Record<string, unknown> | undefined;
      try {
        meta = (JSON.parse(readFileSync(manifest, 'utf8')) as { meta?: Record<string, unknown> }).meta;
      } catch {
        meta = undefined;
      }
      if (meta) assertEntriesRegistered(meta, registry, `--resume ${join(runDir, 'checkpoint')}`);
    }
    const saved = readSavedConfig(runDir);
    const changes = saved ? resultChanges(saved, savedConfig(config)) : [];
    if (changes.length > 0 && !flags.force) {
      throw new ConfigError(
        `--resume ${runDir}`,
        `this run's settings differ from the saved run's in what changes the result (${changes.join('; ')}); pass the settings it was started with, or --force to continue with these`,
      );
    }
    return { runDir, action: 'resume', forced: changes };
  }
  if (!flags.overwrite) {
    throw new ConfigError(
      `run folder ${runDir}`,
      'already holds a run; pass --resume to continue it, --overwrite to replace it, or another --name',
    );
  }
  const files = readdirSync(runDir);
  if (!RUN_FILES.some((f) => files.includes(f))) {
    throw new ConfigError(
      `--overwrite ${runDir}`,
      `the folder holds no Strata run (none of ${RUN_FILES.join(', ')}) and is not removed; choose another --name or --out`,
    );
  }
  return { runDir, action: 'overwrite', forced: [] };
}

/**
 * Carries out a plan once every check has passed: removes a folder being replaced, creates the run
 * folder and saves the resolved config in it (a resumed run with --force saves the new one).
 */
export function writeRunFolder(plan: RunFolderPlan, config: TrainConfig): void {
  if (plan.action === 'overwrite') rmSync(plan.runDir, { recursive: true, force: true });
  mkdirSync(plan.runDir, { recursive: true });
  const file = join(plan.runDir, 'config.json');
  if (plan.action !== 'resume' || plan.forced.length > 0 || !existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(savedConfig(config), null, 2)}\n`);
  }
}
