import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, blobsConfig, buildCli, modelBin, runBin, tempDir } from './cli.test-util.js';

beforeAll(buildCli, 120_000);

/** The epochs finished so far: the lines of metrics.jsonl (rewritten from the history on resume). */
function epochsDone(runDir: string): number {
  const file = join(runDir, 'metrics.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}')).length
    : 0;
}

/**
 * Starts `strata train` and SIGKILLs it once `epochs` epochs are done plus `delayMs`: a point inside
 * the next epoch, its checkpoint write, or the metrics line. Resolves with the exit signal.
 */
function killAt(argv: readonly string[], cwd: string, runDir: string, epochs: number, delayMs: number) {
  return new Promise<NodeJS.Signals | number | null>((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: 'ignore' });
    let exited = false;
    // This run's own progress: metrics.jsonl written since it started (a resumed run rewrites it
    // from its history first), so a kill lands in its training, not in its start-up.
    const written = () =>
      (statSync(join(runDir, 'metrics.jsonl'), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started;
    const poll = setInterval(() => {
      if (written() && epochsDone(runDir) >= epochs) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 5);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(poll);
      done(signal ?? code);
    });
    setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, 30_000);
  });
}

/** An epoch's logs without its timings (seconds, samples per second), which differ between runs. */
function withoutTimes(logs: Record<string, unknown>) {
  const { seconds: _s, samplesPerSecond: _r, ...rest } = logs;
  return rest;
}

const metrics = (runDir: string) =>
  readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => withoutTimes(JSON.parse(l)));

/** The saved model's manifest with the history's timings (and the checksum over them) left out. */
function modelManifest(runDir: string) {
  const { checksum: _c, ...m } = JSON.parse(readFileSync(join(runDir, 'model', 'checkpoint.json'), 'utf8'));
  return { ...m, history: m.history.map(withoutTimes) };
}

describe('strata train killed with SIGKILL three times and resumed each time', () => {
  it('ends bit-identical to an uninterrupted run, with early stopping on', async () => {
    // The fixture's tiny MLP on its blobs: Adam at 0.02 stops early (patience 3) after about 12 of
    // 40 epochs of 10 steps; each run lives in its own folder under the same relative --out and
    // --name, so the saved configs are equal too.
    const straightDir = tempDir('strata-straight-');
    const killedDir = tempDir('strata-killed-');
    const fields = {
      epochs: 40,
      patience: 3,
      name: 'r',
      out: 'runs',
      optimizer: { id: 'strata/adam', learningRate: 0.02 },
    };
    const argv = (dir: string) => ['train', blobsConfig(dir, fields)];

    const straight = runBin(argv(straightDir), straightDir);
    expect(straight.err).toEqual([]);
    expect(straight.code).toBe(0);
    const straightRun = join(straightDir, 'runs', 'r');
    const total = epochsDone(straightRun);
    // Early stopping ended the run before its 40 epochs, so its state is part of what resumes.
    expect(total).toBeGreaterThan(6);
    expect(total).toBeLessThan(40);

    // Three kill points, spread over the run: after a random number of finished epochs (increasing),
    // plus a random delay of up to 40 ms into the next one.
    const killedRun = join(killedDir, 'runs', 'r');
    // Up to total - 2 finished epochs, so each kill lands before the run ends.
    const third = Math.floor((total - 2) / 3);
    const points = [0, 1, 2].map((i) => ({
      epochs: 1 + i * third + Math.floor(Math.random() * third),
      delayMs: Math.floor(Math.random() * 40),
    }));
    const seen: number[] = [];
    for (const [i, p] of points.entries()) {
      const resume = i === 0 ? [] : ['--resume'];
      const signal = await killAt([...argv(killedDir), ...resume], killedDir, killedRun, p.epochs, p.delayMs);
      expect(signal, `kill points ${JSON.stringify(points)}`).toBe('SIGKILL');
      seen.push(epochsDone(killedRun));
    }
    // Each kill landed after the previous one's progress, before the run's end.
    expect(seen.every((n, i) => n >= points[i]!.epochs && n < total)).toBe(true);

    const resumed = runBin([...argv(killedDir), '--resume'], killedDir);
    expect(resumed.err, `kill points ${JSON.stringify(points)}`).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(metrics(killedRun)).toEqual(metrics(straightRun));
    expect(modelBin(killedRun).equals(modelBin(straightRun))).toBe(true);
    expect(modelManifest(killedRun)).toEqual(modelManifest(straightRun));
  }, 60_000);
});
