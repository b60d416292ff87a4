import { StrataError } from '@strata/core';
import { parseCli, USAGE } from './args.js';
import { doctor } from './doctor.js';
import { train } from './train.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/**
 * Runs the `strata` command and returns its exit code: 0 success, 2 bad input (one labelled line, nothing
 * written), 1 anything else.
 */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    const args = parseCli(argv);
    if (args.help || args.command === undefined) {
      io.out(USAGE);
      return args.help ? 0 : 2;
    }
    switch (args.command) {
      case 'train':
        await train(args.positional, args.overrides, io);
        return 0;
      case 'doctor':
        await doctor(io);
        return 0;
      default:
        io.err(`strata: unknown command '${args.command}'; commands are train, doctor (strata --help)`);
        return 2;
    }
  } catch (e) {
    if (e instanceof StrataError && (e.name === 'ConfigError' || e.name === 'BackendError')) {
      io.err(`strata: ${e.message}`);
      return 2;
    }
    io.err(`strata: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
