import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.js';

/** The fixture plugin's folder: three Gaussian blobs and a tiny MLP, a run of a few seconds at most. */
export const FIXTURE_SOURCE = fileURLToPath(
  new URL('../test/fixtures/strata-plugin-fixture', import.meta.url),
);

export const FIXTURE_PLUGIN = FIXTURE_SOURCE;

/** Runs `strata` in-process with captured output. */
export async function runCli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

export const tempDir = (prefix = 'strata-cli-') => mkdtempSync(join(tmpdir(), prefix));

/**
 * Writes a config that trains the fixture's tiny MLP on its blobs (500 training rows, 100 held out),
 * with `fields` over it, and returns its path.
 */
export function blobsConfig(dir: string, fields: Record<string, unknown> = {}): string {
  const path = join(dir, 'blobs.json');
  const config = {
    dataset: 'fixture/blobs',
    model: { id: 'fixture/tiny-mlp', units: 8 },
    loss: 'strata/sparse-categorical-crossentropy',
    optimizer: { id: 'strata/adam', learningRate: 0.01 },
    epochs: 3,
    batchSize: 50,
    validation: 100,
    patience: 0,
    backend: 'cpu',
    plugins: [FIXTURE_PLUGIN],
    name: 'blobs',
    out: 'runs',
    ...fields,
  };
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const cliRoot = fileURLToPath(new URL('..', import.meta.url));

/** The built `strata` command. */
export const BIN = join(cliRoot, 'dist', 'bin.js');

/**
 * Builds @strata/cli and the packages it needs (incremental: quick when nothing changed). Test files
 * run in parallel forks: a lock folder makes their builds take turns instead of writing the same
 * outputs at once (a lock older than five minutes is a crashed build's and is taken over).
 */
export function buildCli(): void {
  const lock = join(tmpdir(), 'strata-cli-build.lock');
  const deadline = Date.now() + 150_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST' || Date.now() > deadline) throw e;
      const at = statSync(lock, { throwIfNoEntry: false });
      if (at && Date.now() - at.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    const tsc = join(cliRoot, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-b', cliRoot], { stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    throw new Error(`building @strata/cli failed:\n${(e as { stdout?: string }).stdout ?? e}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Runs the built `strata` as a child process, as a user would: a plugin then loads the same
 * @strata/* and tfjs-core as the command (in-process under vitest it would get a second tfjs-core).
 */
export function runBin(argv: readonly string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8' });
  // The progress bar also writes to stderr; the command's own lines start with strata: or warning:.
  const err = r.stderr.split('\n').filter((l) => /^(strata|warning|note):/.test(l));
  return { code: r.status, out: r.stdout.split('\n'), err, stderr: r.stderr };
}

/** The weights file of a run's saved model: the one its manifest names. */
export function modelBin(runDir: string): Buffer {
  const model = join(runDir, 'model');
  const { bin } = JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8')) as { bin: string };
  return readFileSync(join(model, bin));
}
