import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertEntriesRegistered, registryFor } from '@strata/cli';
import { ConfigError } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './png.test-util.js';

/*
 * The MNIST preset through the built `strata` command, as a user runs it (`--plugin` a package folder),
 * at tiny scale: 1 epoch on 500 images with a narrow DCGAN. In a child process, so the plugin and the
 * command share one @strata/core and one tfjs-core.
 */
const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const root = join(pluginDir, '..', '..');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const dir = mkdtempSync(join(tmpdir(), 'strata-gan-cli-'));

beforeAll(() => {
  // Incremental builds of the command and this plugin (quick when nothing changed).
  for (const project of [join(root, 'packages', 'cli'), pluginDir]) {
    execFileSync(process.execPath, [tsc, '-b', project], { stdio: 'pipe' });
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The preset with `change` applied, written into the temporary folder. */
// biome-ignore lint/suspicious/noExplicitAny: the preset's JSON, edited field by field
function config(name: string, change: (c: Record<string, any>) => void): string {
  const c = JSON.parse(readFileSync(join(pluginDir, 'presets', 'mnist-dcgan.json'), 'utf8'));
  // 59,500 of the 60,000 training images held out: 500 train (the step has no evaluate, so they idle).
  Object.assign(c, {
    epochs: 1,
    validation: 59500,
    batchSize: 100,
    backend: 'cpu',
    workers: 1,
    out: dir,
    name,
  });
  Object.assign(c.model, { filters: 4, latent: 8 });
  Object.assign(c.callbacks[0].model, { filters: 4, latent: 8 });
  change(c);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(c));
  return path;
}

function strata(...argv: string[]) {
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('strata:')) };
}

describe('strata train plugins/gan/presets/mnist-dcgan.json --plugin @strata/plugin-gan', () => {
  it('trains the adversarial step, logs d_loss and g_loss, writes a sample grid into the report, records gan/dcgan@0.1.0, resumes', async () => {
    const path = config('tiny', () => {});
    const first = strata('train', path, '--plugin', pluginDir);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    const run = join(dir, 'tiny');
    const epochs = readFileSync(join(run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(epochs).toHaveLength(1);
    // Both losses logged and finite; at the start D is near chance: d_loss near 2 ln 2, g_loss near ln 2.
    expect(Math.abs(epochs[0].d_loss - 2 * Math.LN2)).toBeLessThan(1);
    expect(Math.abs(epochs[0].g_loss - Math.LN2)).toBeLessThan(1);
    // 64 images in 8 rows of 8, 28 pixels each and 7 one-pixel gaps.
    const grid = decodePng(readFileSync(join(run, 'samples', 'epoch-1.png')));
    expect([grid.width, grid.height, grid.channels]).toEqual([8 * 28 + 7, 8 * 28 + 7, 1]);
    const report = readFileSync(join(run, 'report.html'), 'utf8');
    expect(report).toContain('<h2>Samples</h2>');
    expect(report).toContain('<th>d_loss</th>');
    expect(report).toContain('<th>g_loss</th>');
    const saved = JSON.parse(readFileSync(join(run, 'model', 'checkpoint.json'), 'utf8'));
    expect(saved.meta.entries.model).toEqual({ ref: 'gan/dcgan@0.1.0', plugin: '@strata/plugin-gan' });
    expect(saved.meta.entries.step).toEqual({ ref: 'gan/adversarial@0.1.0', plugin: '@strata/plugin-gan' });
    // Loading the saved GAN where the plugin is not registered (Strata's own entries only) fails
    // naming the package, the id and the version range.
    const withoutGan = await registryFor([]);
    expect(withoutGan.has('gan/dcgan')).toBe(false);
    expect(() => assertEntriesRegistered(saved.meta, withoutGan, 'load tiny/model')).toThrow(ConfigError);
    expect(() => assertEntriesRegistered(saved.meta, withoutGan, 'load tiny/model')).toThrow(
      "its model was built by 'gan/dcgan' from @strata/plugin-gan@0.1.0, which is not registered here; install @strata/plugin-gan@^0.1.0 and pass --plugin @strata/plugin-gan",
    );
    // A second epoch from the checkpoint (--force: the epoch count is a setting that changes the result).
    const resumed = strata(
      'train',
      config('tiny', (c) => Object.assign(c, { epochs: 2 })),
      '--plugin',
      pluginDir,
      '--resume',
      '--force',
    );
    expect(resumed.err).toEqual([]);
    expect(resumed.code).toBe(0);
    const after = readFileSync(join(run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(after.map((e) => e.epoch)).toEqual([0, 1]);
    expect(after[0].d_loss).toBe(epochs[0].d_loss);
  }, 600_000);

  it('refuses, before writing anything, a multi-part architecture without a step and an unknown step', () => {
    const noStep = strata(
      'train',
      config('no-step', (c) => delete c.step),
      '--plugin',
      pluginDir,
    );
    expect(noStep.code).toBe(2);
    expect(noStep.err).toHaveLength(1);
    expect(noStep.err[0]).toMatch(
      /model 'gan\/dcgan'.*has parts \(generator, discriminator\).*name a step.*registered: gan\/adversarial/,
    );
    const unknown = strata(
      'train',
      config('unknown-step', (c) => (c.step = 'gan/wasserstein')),
      '--plugin',
      pluginDir,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/step 'gan\/wasserstein'.*no such entry.*gan\/adversarial/);
    const noPlugin = strata(
      'train',
      config('no-plugin', () => {}),
    );
    expect(noPlugin.code).toBe(2);
    expect(noPlugin.err[0]).toMatch(/gan\/dcgan/);
    expect(() => readFileSync(join(dir, 'no-step', 'config.json'))).toThrow();
  }, 300_000);
});
