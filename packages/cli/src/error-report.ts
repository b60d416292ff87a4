import { StrataError } from '@strata/core';

/** What `strata` prints for an error and the exit code it returns. */
export interface ErrorReport {
  /** 2: bad input (nothing was written); 1: a fault while running. */
  readonly code: 1 | 2;
  /** One line saying what happened and what to do; with `verbose`, the stack follows it. */
  readonly lines: readonly string[];
}

/** Labelled errors that mean the input was wrong: a config, a flag, a backend or plugin name. */
const BAD_INPUT = ['ConfigError', 'BackendError', 'PluginError'];

/** File system faults while reading or writing the run folder: what each means, what to do. */
const FS_FAULTS: Readonly<Record<string, readonly [string, string]>> = {
  EACCES: ['permission denied', "choose a writable --out, or change the folder's permissions"],
  EPERM: ['operation not permitted', "choose a writable --out, or change the folder's permissions"],
  EROFS: ['the file system is read-only', 'choose an --out on a writable file system'],
  ENOSPC: ['no space left on the device', 'free space or choose an --out on another disk, then --resume'],
  EDQUOT: ['the disk quota is exhausted', 'free space or choose an --out on another disk, then --resume'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'choose another --out or --name, or move the file'],
  EISDIR: ['a folder stands where a file goes', 'choose another --out or --name, or move the folder'],
  ENOENT: ['no such file or folder', 'check the path'],
  EEXIST: ['it already exists', 'choose another --out or --name'],
  EMFILE: ['too many open files', 'raise the limit (ulimit -n) or close other programs'],
  ENFILE: ['too many open files', 'raise the limit (ulimit -n) or close other programs'],
  EIO: ['the device reported an I/O error', 'check the disk, or choose an --out on another one'],
};

interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  const s = e as Partial<SystemError> | null;
  return e instanceof Error && typeof s?.code === 'string' && typeof s.syscall === 'string';
}

/** The first line of a message, so a multi-line message cannot break the one-line contract. */
const firstLine = (text: string) => text.split('\n', 1)[0]!.trim();

/**
 * The one error contract of `strata`: bad input (a labelled ConfigError, BackendError or PluginError)
 * exits 2; anything else (a file system fault, a damaged checkpoint, a diverged run, a bug) exits 1.
 * Either way one line, starting `strata: `, says what happened and what to do; `verbose` adds the stack.
 *
 * @example
 * ```ts
 * import { ConfigError } from '@strata/core';
 * import { errorReport } from '@strata/cli';
 *
 * errorReport(new ConfigError('--epochs', 'must be an integer from 1 to 100,000, got -1'), false); // => { code: 2, lines: ['strata: --epochs: must be an integer from 1 to 100,000, got -1'] }
 * const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'write', path: 'runs/a/metrics.jsonl' });
 * errorReport(full, false).lines[0]; // => 'strata: write runs/a/metrics.jsonl failed: no space left on the device (ENOSPC); free space or choose an --out on another disk, then --resume'
 * ```
 */
export function errorReport(e: unknown, verbose: boolean): ErrorReport {
  const stack = verbose && e instanceof Error && e.stack ? e.stack.split('\n') : [];
  // A plugin may bring its own copy of @strata/core: its errors are labelled all the same.
  const labelled =
    e instanceof StrataError || (e instanceof Error && typeof (e as { label?: unknown }).label === 'string');
  if (labelled) {
    return { code: BAD_INPUT.includes(e.name) ? 2 : 1, lines: [`strata: ${firstLine(e.message)}`, ...stack] };
  }
  if (isSystemError(e)) {
    const [what, todo] = FS_FAULTS[e.code] ?? [firstLine(e.message), 'check the path and try again'];
    const target = e.path === undefined ? '' : ` ${e.path}`;
    return {
      code: 1,
      lines: [`strata: ${e.syscall}${target} failed: ${what} (${e.code}); ${todo}`, ...stack],
    };
  }
  const message = e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : firstLine(String(e));
  return {
    code: 1,
    lines: [
      `strata: internal error (${message}); run again with --verbose for the stack and report it`,
      ...stack,
    ],
  };
}
