import { parseArgs } from 'node:util';
import { ConfigError } from '@strata/core';

export const USAGE = `Usage:
  strata train [preset | config.json] [flags]   train a model; presets: mnist-cnn (default), mnist-cnn-long, mnist-mlp
  strata doctor [--plugin <package>]…            list the backends (a plugin's too) and whether each works here
  strata --version                               print the version of @strata/cli

Flags for train:
  --backend <name>        auto (default), cpu, wasm, node, node-gpu, webgl, webgpu
  --epochs <n>            epochs to train
  --batch-size <n>        examples per step
  --learning-rate <x>     initial learning rate (Adam)
  --seed <n>              seed for initialisation, shuffling and dropout
  --validation <n>        training images held out for validation
  --patience <n>          early stopping patience on val_loss (0: off)
  --name <name>           run name: results go to <out>/<name>/
  --out <dir>             runs directory (default: runs)
  --resume                continue from <out>/<name>/checkpoint if it exists
  --workers <n|auto>      train on n worker threads (auto: one per core), the batch split across them
  --plugin <package>      load a plugin package (repeatable), so the config can name its entries by id
  -h, --help              show this help`;

const NUMERIC = {
  epochs: 'epochs',
  'batch-size': 'batchSize',
  'learning-rate': 'learningRate',
  seed: 'seed',
  validation: 'validation',
  patience: 'patience',
} as const;

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positional: string[];
  readonly overrides: Record<string, unknown>;
  readonly help: boolean;
}

/**
 * Parses argv; unknown flags and non-numeric numbers are labelled ConfigErrors.
 *
 * @example
 * ```ts
 * import { parseCli } from '@strata/cli';
 *
 * parseCli(['train', 'mnist-cnn', '--epochs', '2', '--resume']); // => { command: 'train', positional: ['mnist-cnn'], overrides: { epochs: 2, resume: true }, help: false }
 * let message = '';
 * try {
 *   parseCli(['train', '--epochs', 'two']);
 * } catch (e) {
 *   message = (e as Error).name;
 * }
 * message; // => 'ConfigError'
 * ```
 */
export function parseCli(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        backend: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        'learning-rate': { type: 'string' },
        seed: { type: 'string' },
        validation: { type: 'string' },
        patience: { type: 'string' },
        name: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        workers: { type: 'string' },
        plugin: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ConfigError(
      'arguments',
      `${(e as Error).message.split('\n')[0]}; run 'strata --help' for the flags`,
    );
  }
  const { values, positionals } = parsed;
  const overrides: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const v = values[flag];
    if (typeof v !== 'string') continue;
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n))
      throw new ConfigError(`--${flag}`, `must be a number, got ${JSON.stringify(v)}`);
    overrides[key] = n;
  }
  for (const key of ['backend', 'name', 'out'] as const)
    if (typeof values[key] === 'string') overrides[key] = values[key];
  if (values.resume === true) overrides.resume = true;
  if (Array.isArray(values.plugin)) overrides.plugins = values.plugin;
  if (typeof values.workers === 'string') {
    const n = Number(values.workers);
    if (values.workers !== 'auto' && (values.workers.trim() === '' || Number.isNaN(n))) {
      throw new ConfigError('--workers', `must be a number or auto, got ${JSON.stringify(values.workers)}`);
    }
    overrides.workers = values.workers === 'auto' ? 'auto' : n;
  }
  return { command: positionals[0], positional: positionals.slice(1), overrides, help: values.help === true };
}
