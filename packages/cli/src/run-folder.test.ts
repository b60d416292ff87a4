import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobsConfig, buildCli, modelBin, runBin, tempDir } from './cli.test-util.js';
import { validateConfig } from './config.js';
import { resultChanges, savedConfig } from './run-folder.js';

beforeAll(buildCli, 120_000);

/** `strata` as a child process in `dir` (see runBin for why not in-process). */
const runCli = (dir: string, ...argv: string[]) => runBin(argv, dir);
const read = (path: string) => readFileSync(path, 'utf8');
const lines = (path: string) => read(path).trim().split('\n');
/** An epoch's logs without its timings, which differ from run to run. */
const withoutTimes = (line: string) => {
  const { seconds: _s, samplesPerSecond: _r, ...logs } = JSON.parse(line) as Record<string, number>;
  return logs;
};
describe('strata train over an existing run folder', () => {
  it('refuses without --resume or --overwrite (exit 2, one line, nothing touched)', async () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    const out = join(dir, 'runs');
    expect((await runCli(dir, 'train', cfg, '--out', out)).code).toBe(0);
    const before = Object.fromEntries(
      ['metrics.jsonl', 'config.json', 'checkpoint/checkpoint.json'].map((f) => [
        f,
        read(join(out, 'blobs', f)),
      ]),
    );
    const again = await runCli(dir, 'train', cfg, '--out', out, '--epochs', '2');
    expect(again.code).toBe(2);
    expect(again.err).toEqual([
      `strata: run folder ${join(out, 'blobs')}: already holds a run; pass --resume to continue it, --overwrite to replace it, or another --name`,
    ]);
    for (const [f, text] of Object.entries(before)) expect(read(join(out, 'blobs', f))).toBe(text);
  });

  it('--overwrite replaces the folder whole: the same files as a fresh run, nothing of the old one', async () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    const out = join(dir, 'runs');
    const runDir = join(out, 'blobs');
    expect((await runCli(dir, 'train', cfg, '--out', out, '--epochs', '3')).code).toBe(0);
    writeFileSync(join(runDir, 'notes.txt'), 'left by the old run');
    const replaced = await runCli(
      dir,
      'train',
      cfg,
      '--out',
      out,
      '--epochs',
      '2',
      '--seed',
      '5',
      '--overwrite',
    );
    expect(replaced.code).toBe(0);
    const fresh = join(dir, 'fresh');
    expect((await runCli(dir, 'train', cfg, '--out', fresh, '--epochs', '2', '--seed', '5')).code).toBe(0);
    expect(readdirSync(runDir).sort()).toEqual(readdirSync(join(fresh, 'blobs')).sort());
    expect(existsSync(join(runDir, 'notes.txt'))).toBe(false);
    expect(lines(join(runDir, 'metrics.jsonl')).map(withoutTimes)).toEqual(
      lines(join(fresh, 'blobs', 'metrics.jsonl')).map(withoutTimes),
    );
    const checkpoint = JSON.parse(read(join(runDir, 'checkpoint', 'checkpoint.json')));
    expect(checkpoint.epoch).toBe(1);
    expect(checkpoint.meta.config.seed).toBe(5);
    expect(modelBin(runDir).equals(modelBin(join(fresh, 'blobs')))).toBe(true);
    expect(JSON.parse(read(join(runDir, 'config.json'))).seed).toBe(5);
  });

  it('--overwrite leaves a folder that holds no Strata run alone', async () => {
    const dir = tempDir();
    const runDir = join(dir, 'runs', 'blobs');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'thesis.tex'), 'precious');
    const { code, err } = await runCli(
      dir,
      'train',
      blobsConfig(dir),
      '--out',
      join(dir, 'runs'),
      '--overwrite',
    );
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(/--overwrite .*: the folder holds no Strata run .* and is not removed/),
    ]);
    expect(readdirSync(runDir)).toEqual(['thesis.tex']);
  });
});

describe('strata train --resume compares the settings with the saved run', () => {
  it('refuses a change of seed (exit 2, nothing written) unless --force, which saves the new config', async () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    const out = join(dir, 'runs');
    const runDir = join(out, 'blobs');
    expect((await runCli(dir, 'train', cfg, '--out', out, '--epochs', '2')).code).toBe(0);
    const metrics = read(join(runDir, 'metrics.jsonl'));
    const refused = await runCli(dir, 'train', cfg, '--out', out, '--epochs', '3', '--seed', '4', '--resume');
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([
      `strata: --resume ${runDir}: this run's settings differ from the saved run's in what changes the result (seed: 0 → 4); pass the settings it was started with, or --force to continue with these`,
    ]);
    expect(read(join(runDir, 'metrics.jsonl'))).toBe(metrics);
    const forced = await runCli(
      dir,
      'train',
      cfg,
      '--out',
      out,
      '--epochs',
      '3',
      '--seed',
      '4',
      '--resume',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(forced.err).toContain(
      'warning: --force: resuming with changed settings (seed: 0 → 4); the result will differ from an uninterrupted run',
    );
    expect(JSON.parse(read(join(runDir, 'config.json'))).seed).toBe(4);
    expect(lines(join(runDir, 'metrics.jsonl'))).toHaveLength(3);
  });

  it('names every changed setting: the model, the learning rate, the batch size', async () => {
    const dir = tempDir();
    const out = join(dir, 'runs');
    expect((await runCli(dir, 'train', blobsConfig(dir), '--out', out, '--epochs', '1')).code).toBe(0);
    const changed = blobsConfig(dir, { model: { id: 'fixture/tiny-mlp', units: 9 }, batchSize: 25 });
    const { code, err } = await runCli(
      dir,
      'train',
      changed,
      '--out',
      out,
      '--learning-rate',
      '0.5',
      '--resume',
    );
    expect(code).toBe(2);
    expect(err[0]).toContain(
      '(model: {"id":"fixture/tiny-mlp","options":{"units":8}} → {"id":"fixture/tiny-mlp","options":{"units":9}}; optimizer: {"id":"strata/adam","options":{"learningRate":0.01}} → {"id":"strata/adam","options":{"learningRate":0.5}}; batchSize: 50 → 25)',
    );
  });

  it('allows more epochs: 2 epochs resumed to 4 equal 4 uninterrupted, bit for bit', async () => {
    const dir = tempDir();
    const cfg = blobsConfig(dir);
    const resumed = join(dir, 'resumed');
    const straight = join(dir, 'straight');
    expect((await runCli(dir, 'train', cfg, '--out', resumed, '--epochs', '2')).code).toBe(0);
    const more = await runCli(dir, 'train', cfg, '--out', resumed, '--epochs', '4', '--resume');
    expect(more.err.filter((l) => l.startsWith('strata:'))).toEqual([]);
    expect(more.code).toBe(0);
    expect((await runCli(dir, 'train', cfg, '--out', straight, '--epochs', '4')).code).toBe(0);
    expect(lines(join(resumed, 'blobs', 'metrics.jsonl')).map(withoutTimes)).toEqual(
      lines(join(straight, 'blobs', 'metrics.jsonl')).map(withoutTimes),
    );
    expect(modelBin(join(resumed, 'blobs')).equals(modelBin(join(straight, 'blobs')))).toBe(true);
  });
});

describe('resultChanges', () => {
  const base = savedConfig(validateConfig({ preset: 'mnist-mlp' }, 'test'));
  it('ignores where and how the run goes (name, out, backend, workers) and a longer run', () => {
    const constant = { ...base, optimizer: { id: 'strata/adam', options: { learningRate: 0.001 } } };
    const elsewhere = { ...constant, name: 'b', out: '/x', backend: 'wasm', workers: 2, epochs: 10 };
    expect(resultChanges(constant, elsewhere)).toEqual([]);
  });
  it('counts the epochs when the optimizer decays its rate over the run (decayTo without decaySteps)', () => {
    // The mnist-mlp preset decays Adam's rate to 0.1 of itself over the run's steps.
    expect(base.optimizer.options).toEqual({ learningRate: 0.001, decayTo: 0.1 });
    expect(resultChanges(base, { ...base, epochs: 7 })).toEqual(['epochs: 5 → 7']);
    const constant = { ...base, optimizer: { id: 'strata/adam', options: { learningRate: 0.001 } } };
    expect(resultChanges(constant, { ...constant, epochs: 7 })).toEqual([]);
    const fixedSteps = { id: 'strata/adam', options: { learningRate: 0.001, decayTo: 0.1, decaySteps: 100 } };
    expect(
      resultChanges({ ...base, optimizer: fixedSteps }, { ...base, optimizer: fixedSteps, epochs: 7 }),
    ).toEqual([]);
  });
  it('compares configs whatever the order of their keys', () => {
    const reverse = (v: unknown): unknown =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverse(x)]),
          )
        : v;
    const reordered = reverse(base) as typeof base;
    expect(Object.keys(reordered)[0]).toBe(Object.keys(base).at(-1));
    expect(resultChanges(reordered, base)).toEqual([]);
    expect(resultChanges(reordered, { ...base, seed: 1 })).toEqual(['seed: 0 → 1']);
  });
});
