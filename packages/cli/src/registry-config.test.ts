import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '@strata/core';
import { afterAll, describe, expect, it } from 'vitest';
import { strataPlugin } from './entries/strata-plugin.js';
import { main } from './main.js';
import { assertEntriesRegistered } from './run-setup.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

function writeConfig(dir: string, config: Record<string, unknown>): string {
  const file = join(dir, 'cfg.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const small = { epochs: 1, validation: 59000, batchSize: 100, backend: 'cpu' };

describe('strata train: configs name registry entries by id', () => {
  it('trains strata/cnn with options from a config file and records the entries it was built from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-ids-'));
    const cfg = writeConfig(dir, {
      ...small,
      backend: 'wasm',
      model: { id: 'strata/cnn', filters: [4, 8, 8], units: 16 },
      optimizer: { id: 'strata/adamw', learningRate: 3e-3, weightDecay: 1e-4 },
    });
    const { code, out } = await run('train', cfg, '--out', join(dir, 'runs'), '--name', 'cnn');
    expect(code).toBe(0);
    // 4·9+4 + 8·36+8 + 8·72+8 + (8·9)·16+16 + 16·10+10 params for the options given.
    const params = 40 + 296 + 584 + 1168 + 170;
    expect(out.join('\n')).toContain(`Total params: ${params.toLocaleString('en-US')}`);
    const model = JSON.parse(readFileSync(join(dir, 'runs', 'cnn', 'model', 'checkpoint.json'), 'utf8'));
    expect(model.meta.entries.model).toEqual({ ref: 'strata/cnn@0.1.0', plugin: '@strata/cli' });
    expect(model.meta.entries.optimizer.ref).toBe('strata/adamw@0.1.0');
    expect(model.meta.params).toBe(params);
    // Trained on 1,000 images for one epoch: better than chance (10%) on the test set.
    expect(model.meta.testAccuracy).toBeGreaterThan(0.2);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    [
      'an unknown id',
      { model: 'strata/resnet' },
      /model 'strata\/resnet': no such entry; the architectures registered are strata\/cnn, strata\/mlp, strata\/sequential\. An entry of a plugin package needs --plugin/,
    ],
    [
      'an id of another kind',
      { model: 'strata/adam' },
      /model 'strata\/adam': is one of the optimizers, not of the architectures/,
    ],
    [
      'an unknown option',
      { model: { id: 'strata/cnn', filter: [8] } },
      /strata\/cnn: unknown option 'filter'; its options are filters, units, classes/,
    ],
    [
      'an option of the wrong type',
      { model: { id: 'strata/cnn', filters: [8, 'x'] } },
      /strata\/cnn: filters\[1\]: must be a positive integer, got "x"/,
    ],
    [
      'an optimizer option out of range',
      { optimizer: { id: 'strata/sgd', momentum: 2 } },
      /strata\/sgd: momentum: must be a number in \[0, 1\], got 2/,
    ],
    [
      'a callback option misspelt',
      { callbacks: [{ id: 'strata/early-stopping', patiense: 2 }] },
      /strata\/early-stopping: unknown option 'patiense'; its options are monitor, patience, minDelta, restoreBest/,
    ],
    [
      'a callback id of another kind',
      { callbacks: ['strata/adam'] },
      /callbacks\[0\] 'strata\/adam': is one of the optimizers, not of the callbacks \(strata\/early-stopping\)/,
    ],
    ['an entry without an id', { model: { filters: [8] } }, /model: must name a registry entry/],
  ];
  it.each(bad)(
    '%s exits 2 with one line naming the id and what is wrong, writing nothing',
    async (_what, fields, message) => {
      const dir = mkdtempSync(join(tmpdir(), 'strata-ids-'));
      const { code, err } = await run(
        'train',
        writeConfig(dir, { ...small, ...fields }),
        '--out',
        join(dir, 'runs'),
      );
      expect(err).toEqual([expect.stringMatching(message)]);
      expect(code).toBe(2);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    },
  );
});

describe('strata train --plugin: a plugin package installed from its tarball', () => {
  it('trains an entry of the plugin after --plugin, and records its ref', async () => {
    // Pack the fixture plugin and install the tarball into a project of its own, as a user would.
    const packDir = mkdtempSync(join(tmpdir(), 'strata-pack-'));
    cleanup.push(packDir);
    const fixture = join(cliRoot, 'test', 'fixtures', 'strata-plugin-fixture');
    const tarball = execFileSync('npm', ['pack', fixture, '--pack-destination', packDir], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1)!;
    // Inside the cli package's node_modules, so the plugin's own imports of @strata/* resolve to this workspace.
    mkdirSync(join(cliRoot, 'node_modules'), { recursive: true });
    const project = mkdtempSync(join(cliRoot, 'node_modules', '.strata-plugin-test-'));
    cleanup.push(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'plugin-user', private: true }));
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', join(packDir, tarball)],
      {
        cwd: project,
        stdio: 'pipe',
      },
    );
    expect(existsSync(join(project, 'node_modules', 'strata-plugin-fixture', 'index.js'))).toBe(true);

    const config = {
      ...small,
      validation: 100,
      batchSize: 50,
      epochs: 3,
      dataset: 'fixture/blobs',
      model: { id: 'fixture/tiny-mlp', units: 8 },
      optimizer: { id: 'strata/adam', learningRate: 0.02 },
    };
    const cfg = writeConfig(project, config);
    const out = join(project, 'runs');
    const missing = await run('train', cfg, '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/dataset 'fixture\/blobs': no such entry; .*--plugin <package>/);

    const trained = await run(
      'train',
      cfg,
      '--out',
      out,
      '--name',
      'blobs',
      '--plugin',
      'strata-plugin-fixture',
    );
    expect(trained.err.filter((l) => l.startsWith('strata:'))).toEqual([]);
    expect(trained.code).toBe(0);
    const model = JSON.parse(readFileSync(join(out, 'blobs', 'model', 'checkpoint.json'), 'utf8'));
    expect(model.meta.entries.model).toEqual({
      ref: 'fixture/tiny-mlp@1.2.0',
      plugin: 'strata-plugin-fixture',
    });
    expect(model.meta.plugins).toEqual([{ name: 'strata-plugin-fixture', version: '1.2.0' }]);
    // Three well-separated blobs: nearly all 300 test points classified right.
    expect(model.meta.testAccuracy).toBeGreaterThan(0.9);
  });
});

describe('assertEntriesRegistered', () => {
  const meta = {
    entries: {
      model: { ref: 'fixture/tiny-mlp@1.2.0', plugin: 'strata-plugin-fixture' },
      optimizer: { ref: 'strata/adam@0.1.0', plugin: '@strata/cli' },
    },
  };
  it("names the missing plugin's package, the id and the version range to install", () => {
    const registry = createRegistry().use(strataPlugin());
    expect(() => assertEntriesRegistered(meta, registry, 'loading runs/a/model')).toThrow(
      "loading runs/a/model: its model was built by 'fixture/tiny-mlp' from strata-plugin-fixture@1.2.0, which is not registered here; install strata-plugin-fixture@^1.2.0 and pass --plugin strata-plugin-fixture",
    );
  });
  it('passes when every recorded entry is registered', () => {
    const registry = createRegistry().use(strataPlugin());
    expect(() =>
      assertEntriesRegistered({ entries: { optimizer: meta.entries.optimizer } }, registry, 'x'),
    ).not.toThrow();
  });
});
