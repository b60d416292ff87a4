import { basename } from 'node:path';
import { ConfigError } from '@strata/core';

/** How long and how much to measure. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Independent passes over every group (each pass warms up again); ratios are compared across them. */
  readonly repeat: number;
  /** Minimum seconds of one timed chunk. */
  readonly chunkSeconds: number;
  /** Minimum seconds of the untimed warm-up of each subject, per pass. */
  readonly warmupSeconds: number;
  /** Timed chunks per subject per pass. */
  readonly rounds: number;
  /**
   * Chunks per pass of stock tfjs-layers' CNN training on `cpu` (one step each: tfjs's `cpu` backend takes ~25 s per
   * batch of 64); 0 leaves those subjects out.
   */
  readonly cpuCnnRounds: number;
  /** Python with PyTorch, or null to skip the reference. */
  readonly python: string | null;
  /** PyTorch thread counts to time (each one a subject). */
  readonly torchThreads: readonly number[];
  /** Worker counts of Strata's data-parallel CNN training to time (each one a subject; empty: none). */
  readonly workers: readonly number[];
  /** Markdown report. */
  readonly out: string;
  /** Raw measurements. */
  readonly json: string;
  /** Only the groups named (cnn, mlp, pipeline); all when empty. */
  readonly only: readonly string[];
}

/** `--render [FILE]`: write the report again from a run's saved JSON, measuring nothing. */
export interface RenderOptions {
  readonly render: string;
}

export const USAGE = `pnpm bench [--quick] [--repeat N] [--rounds N] [--chunk S] [--warmup S]
           [--cpu-cnn-rounds N] [--python PATH | --no-torch] [--torch-threads LIST] [--workers LIST]
           [--only cnn,mlp,recurrent,pipeline,augment] [--out FILE]
       pnpm bench --render [FILE]

  --quick            under 3 minutes: 1 pass, 2 chunks of 2 s, 0.5 s warm-up, no CNN training on cpu,
                     PyTorch on 1 thread only; writes bench/out/RESULTS-quick.md, not bench/RESULTS.md
  --repeat N         passes (default 2; 1 with --quick); ratios must agree within 15% across passes
  --rounds N         timed chunks per subject per pass (default 4; 2 with --quick)
  --chunk S          seconds per timed chunk, at least 2 (default 2.5; 2 with --quick)
  --warmup S         seconds of warm-up per subject and pass (default 1.5; 0.5 with --quick)
  --cpu-cnn-rounds N one-step chunks per pass of stock tfjs-layers' CNN training on cpu (default 1;
                     0 with --quick)
  --python PATH      the Python that has torch (default /usr/bin/python3); --no-torch skips PyTorch
  --torch-threads L  PyTorch thread counts to time, e.g. 2,1 (default 2,1; 1 with --quick)
  --workers L        worker counts of Strata's data-parallel CNN training (fit({ workers })) to time,
                     e.g. 2,4 (default 2; 0 for none)
  --only LIST        groups to run: cnn, mlp, recurrent, pipeline, augment (default all)
  --out FILE         the Markdown report (the raw run goes to bench/out/<name>.json)
  --render [FILE]    measure nothing: rewrite the report of a saved run (default bench/out/RESULTS.json)`;

const GROUPS = ['cnn', 'mlp', 'recurrent', 'pipeline', 'augment'];

function numberFlag(name: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < min) {
    throw new ConfigError(`pnpm bench ${name}`, `needs a number ≥ ${min}, got ${raw ?? 'nothing'}`);
  }
  return value;
}

/** Parses the command line (the arguments after `pnpm bench`). */
export function parseArgs(argv: readonly string[]): BenchOptions | RenderOptions | 'help' {
  const at = argv.indexOf('--render');
  if (at >= 0) {
    const file = argv[at + 1];
    if (argv.length > (file === undefined ? 1 : 2)) {
      throw new ConfigError(
        'pnpm bench --render',
        'takes only the JSON file of a run (default out/RESULTS.json)',
      );
    }
    return { render: file ?? 'out/RESULTS.json' };
  }
  const quick = argv.includes('--quick');
  let repeat = quick ? 1 : 2;
  let rounds = quick ? 2 : 4;
  let chunkSeconds = quick ? 2 : 2.5;
  let warmupSeconds = quick ? 0.5 : 1.5;
  let cpuCnnRounds = quick ? 0 : 1;
  let python: string | null = '/usr/bin/python3';
  let torchThreads = quick ? [1] : [2, 1];
  let workers = [2];
  let out: string | undefined;
  let only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => argv[++i];
    switch (arg) {
      case '--quick':
        break;
      case '--help':
      case '-h':
        return 'help';
      case '--repeat':
        repeat = Math.round(numberFlag(arg, next(), 1));
        break;
      case '--rounds':
        rounds = Math.round(numberFlag(arg, next(), 1));
        break;
      case '--chunk':
        chunkSeconds = numberFlag(arg, next(), 2);
        break;
      case '--warmup':
        warmupSeconds = numberFlag(arg, next(), 0);
        break;
      case '--cpu-cnn-rounds':
        cpuCnnRounds = Math.round(numberFlag(arg, next(), 0));
        break;
      case '--python':
        python = next() ?? null;
        if (python === null)
          throw new ConfigError('pnpm bench --python', 'needs a path to a Python with torch');
        break;
      case '--torch-threads':
        torchThreads = (next() ?? '').split(',').map((t) => Math.round(numberFlag(arg, t, 1)));
        break;
      case '--workers':
        workers = (next() ?? '')
          .split(',')
          .map((t) => Math.round(numberFlag(arg, t, 0)))
          .filter((n) => n > 0);
        break;
      case '--no-torch':
        python = null;
        break;
      case '--only': {
        only = (next() ?? '').split(',').filter(Boolean);
        const bad = only.filter((g) => !GROUPS.includes(g));
        if (only.length === 0 || bad.length > 0) {
          throw new ConfigError('pnpm bench --only', `takes a comma-separated list of ${GROUPS.join(', ')}`);
        }
        break;
      }
      case '--out':
        out = next();
        if (out === undefined) throw new ConfigError('pnpm bench --out', 'needs a file name');
        break;
      default:
        throw new ConfigError('pnpm bench', `unknown argument '${arg}'\n${USAGE}`);
    }
  }
  const report = out ?? (quick ? 'out/RESULTS-quick.md' : 'RESULTS.md');
  // The raw run beside the report's name in bench/out (git-ignored), so each report has its own.
  const json = `out/${basename(report, '.md')}.json`;
  return {
    quick,
    repeat,
    rounds,
    chunkSeconds,
    warmupSeconds,
    cpuCnnRounds,
    python,
    torchThreads,
    workers,
    out: report,
    json,
    only,
  };
}
