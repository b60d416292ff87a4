import { parseArgs } from 'node:util';
import { ConfigError } from '@strata/core';

export const USAGE = `Usage:
  strata train [preset | config.json] [flags]   train a model; presets: mnist-cnn (default), mnist-cnn-long, mnist-mlp, fashion-mnist
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
  --resume                continue the run in <out>/<name>/ from its checkpoint (its settings must match)
  --overwrite             replace an existing <out>/<name>/ whole
  --force                 with --resume: continue although settings that change the result differ
  --workers <n|auto>      train on n worker threads (auto: one per core), the batch split across them
  --plugin <package>      load a plugin package (repeatable), so the config can name its entries by id
  --verbose               print the stack of an error after its one-line message
  -h, --help              show this help

Exit codes: 0 done, 2 bad input (nothing written), 1 a fault while running (a full disk, a damaged
checkpoint, a diverged run). Either way one line says what happened and what to do.`;

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
  /** `--overwrite`, `--force`, `--verbose`: what to do with the run folder and with errors. */
  readonly run: RunFlags;
  readonly help: boolean;
}

export interface RunFlags {
  readonly overwrite: boolean;
  readonly force: boolean;
  readonly verbose: boolean;
}

/** The flags that take a value: `--epochs -1` is that flag with the value -1, not two flags. */
const VALUE_FLAGS = new Set([
  ...Object.keys(NUMERIC).map((f) => `--${f}`),
  '--backend',
  '--name',
  '--out',
  '--workers',
  '--plugin',
]);

/**
 * node's parseArgs reads a value starting with '-' as a flag ("argument is ambiguous"); a value flag
 * followed by a negative number is joined into `--flag=-1`, so the number reaches validation, which
 * says what range it must be in.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (VALUE_FLAGS.has(a) && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Parses argv; unknown flags and non-numeric numbers are labelled ConfigErrors.
 *
 * @example
 * ```ts
 * import { parseCli } from '@strata/cli';
 *
 * parseCli(['train', 'mnist-cnn', '--epochs', '2', '--resume']).overrides; // => { epochs: 2, resume: true }
 * parseCli(['train', '--overwrite']).run; // => { overwrite: true, force: false, verbose: false }
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
      args: joinNegativeValues(argv),
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
        overwrite: { type: 'boolean' },
        force: { type: 'boolean' },
        verbose: { type: 'boolean' },
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
    if (v.trim() === '' || !Number.isFinite(n))
      throw new ConfigError(`--${flag}`, `must be a finite number, got ${JSON.stringify(v)}`);
    overrides[key] = n;
  }
  for (const key of ['backend', 'name', 'out'] as const)
    if (typeof values[key] === 'string') overrides[key] = values[key];
  if (values.resume === true) overrides.resume = true;
  // Actions on the run folder, not settings of the run: kept out of the config (and of what it saves).
  const run = {
    overwrite: values.overwrite === true,
    force: values.force === true,
    verbose: values.verbose === true,
  };
  if (Array.isArray(values.plugin)) overrides.plugins = values.plugin;
  if (typeof values.workers === 'string') {
    const n = Number(values.workers);
    if (values.workers !== 'auto' && (values.workers.trim() === '' || !Number.isFinite(n))) {
      throw new ConfigError('--workers', `must be a number or auto, got ${JSON.stringify(values.workers)}`);
    }
    overrides.workers = values.workers === 'auto' ? 'auto' : n;
  }
  return {
    command: positionals[0],
    positional: positionals.slice(1),
    overrides,
    run,
    help: values.help === true,
  };
}
