import { createRequire } from 'node:module';
import { parseCli, USAGE } from './args.js';
import { doctor } from './doctor.js';
import { errorReport } from './error-report.js';
import { train } from './train.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** The commands `strata` runs; the usage, the errors and the package description name these only. */
export const COMMANDS = ['train', 'doctor'] as const;

/**
 * The installed @strata/cli version, read from its package.json when asked: `main.ts` sits one level
 * below it both in `src/` (tests) and in `dist/` (the published `strata` bin). A JSON import would
 * put package.json, which lies outside `rootDir`, into the compilation; `require` reads it at run time.
 */
export function cliVersion(): string {
  const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
  return pkg.version;
}

/**
 * Runs the `strata` command and returns its exit code: 0 success, 2 bad input, 1 a fault while running;
 * an error is one line saying what happened and what to do (`errorReport`), its stack with --verbose.
 */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  // Known before parsing, so a flag error's stack is shown too.
  let verbose = argv.includes('--verbose');
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      io.out(cliVersion());
      return 0;
    }
    const args = parseCli(argv);
    verbose = args.run.verbose;
    if (args.help || args.command === undefined) {
      io.out(USAGE);
      return args.help ? 0 : 2;
    }
    switch (args.command) {
      case 'train':
        await train(args.positional, args.overrides, io, args.run);
        return 0;
      case 'doctor':
        await doctor(io, (args.overrides.plugins as string[] | undefined) ?? []);
        return 0;
      default:
        io.err(
          `strata: unknown command '${args.command}'; commands are ${COMMANDS.join(', ')} (strata --help)`,
        );
        return 2;
    }
  } catch (e) {
    const { code, lines } = errorReport(e, verbose);
    for (const line of lines) io.err(line);
    return code;
  }
}
