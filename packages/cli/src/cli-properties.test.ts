import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrataError } from '@strata/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCli } from './args.js';
import { FIXTURE_PLUGIN, tempDir } from './cli.test-util.js';
import { CONFIG_KEYS, LIMITS, readConfigSource, type TrainConfig, validateConfig } from './config.js';
import { errorReport } from './error-report.js';
import { prepareTrain } from './prepare-train.js';
import { callbacksFor, entriesFor, registryFor } from './run-setup.js';

/**
 * Property tests of the layer that runs before training (parsing, validation, entries, the run
 * folder): whatever the input, it succeeds or throws an error `strata` reports in one line, bad input
 * as exit 2. Training itself is never started here.
 */

/** The outcome of an input: the value, or the report of what was thrown (a non-Strata error fails). */
function expectLabelled(e: unknown, allowFsFault = false): void {
  const report = errorReport(e, false);
  expect(report.lines).toHaveLength(1);
  expect(report.lines[0]).toMatch(/^strata: \S/);
  if (e instanceof StrataError) {
    expect(report.code).toBe(2);
    expect(e.message).not.toContain('\n');
    return;
  }
  // The only other outcome: the real file system error of a path that is a file (reported, exit 1).
  expect(allowFsFault, `not a labelled error: ${(e as Error)?.stack ?? String(e)}`).toBe(true);
  expect((e as { code?: string }).code).toBe('ENOTDIR');
  expect(report.code).toBe(1);
}

/** What validateConfig guarantees of every config it returns. */
function expectValid(config: TrainConfig): void {
  for (const key of ['epochs', 'batchSize', 'validation', 'patience', 'seed'] as const) {
    expect(Number.isInteger(config[key])).toBe(true);
    expect(config[key]).toBeLessThanOrEqual(LIMITS[key]);
  }
  expect(config.epochs).toBeGreaterThanOrEqual(1);
  expect(config.batchSize).toBeGreaterThanOrEqual(1);
  if (config.validation === 0) expect(config.patience).toBe(0);
  expect(config.name).toMatch(/^[\w.-]+$/);
  expect(config.name).not.toMatch(/^\.+$/);
}

/** Values of every kind and the edges of every bound. */
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    -1,
    0,
    1,
    1.5,
    1e9,
    1e300,
    -0,
    2 ** 53,
    LIMITS.epochs,
    LIMITS.epochs + 1,
    LIMITS.batchSize + 1,
  ),
  fc.constantFrom('..', '../x', 'a/b', '', 'auto', 'cpu', 'strata/mlp', 'strata/adam', 'x'.repeat(300)),
  fc.record({ id: fc.constantFrom('strata/mlp', 'strata/cnn', 'strata/adam', 'strata/sgd', 'nope/x') }),
  fc.record({ id: fc.constant('strata/mlp'), units: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
  fc.record({ id: fc.constant('strata/adam'), learningRate: fc.jsonValue(), decayTo: fc.jsonValue() }),
  fc.array(
    fc.record({ id: fc.constant('strata/early-stopping'), monitor: fc.string(), patience: fc.jsonValue() }),
  ),
);

const configKey = fc.oneof(fc.constantFrom(...CONFIG_KEYS), fc.string({ maxLength: 12 }));

describe('config parsing: 1,000+ random configs', () => {
  it('validates or gives a labelled one-line ConfigError; entries and callbacks likewise', async () => {
    const registry = await registryFor([]);
    let valid = 0;
    fc.assert(
      fc.property(fc.dictionary(configKey, anyValue, { maxKeys: 8 }), (raw) => {
        // `plugins` would import packages; a config naming none keeps the property about parsing.
        delete raw.plugins;
        let config: TrainConfig;
        try {
          config = validateConfig(raw, 'config.json');
        } catch (e) {
          expectLabelled(e);
          return;
        }
        expectValid(config);
        try {
          entriesFor(config, registry);
          callbacksFor(config, registry);
          valid++;
        } catch (e) {
          expectLabelled(e);
        }
      }),
      { numRuns: 1500 },
    );
    // The generator reaches the success side too, not only errors.
    expect(valid).toBeGreaterThan(0);
  });

  it('reads any file text as a config or says why not (not JSON, not an object)', () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string(), fc.constantFrom('{', '[]', 'null', '{"epochs": }')),
        (text) => {
          writeFileSync(file, text);
          try {
            const { raw } = readConfigSource(file);
            expect(raw !== null && typeof raw === 'object' && !Array.isArray(raw)).toBe(true);
          } catch (e) {
            expectLabelled(e);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('flag combinations: 1,000+ random command lines', () => {
  // Folders the flags may point at: empty, holding a run, a file, a path below a file.
  const dir = tempDir();
  const withRun = join(dir, 'with-run');
  mkdirSync(join(withRun, 'mnist-cnn'), { recursive: true });
  writeFileSync(join(withRun, 'mnist-cnn', 'metrics.jsonl'), '');
  writeFileSync(
    join(withRun, 'mnist-cnn', 'config.json'),
    JSON.stringify({ ...validateConfig({}, 'x'), resume: undefined }),
  );
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const outs = [join(dir, 'empty'), withRun, file, join(file, 'below'), join(dir, 'new', 'deeper')];

  const number = fc.oneof(
    fc.integer({ min: -5, max: 200_000 }).map(String),
    fc.double().map(String),
    fc.constantFrom(
      '-1',
      '0',
      '1e9',
      '1000000000',
      'Infinity',
      '-Infinity',
      'NaN',
      '0x10',
      ' ',
      '',
      'two',
      '.5',
      '-.5',
    ),
  );
  const flag = fc.oneof(
    fc.tuple(
      fc.constantFrom('--epochs', '--batch-size', '--learning-rate', '--seed', '--validation', '--patience'),
      number,
    ),
    fc.tuple(fc.constant('--workers'), fc.oneof(number, fc.constantFrom('auto', 'many'))),
    fc.tuple(
      fc.constant('--name'),
      fc.constantFrom('a', '..', '.', '../up', 'a/b', '/abs', 'ok-name', '', 'x y'),
    ),
    fc.tuple(fc.constant('--out'), fc.constantFrom(...outs)),
    fc.tuple(fc.constant('--backend'), fc.constantFrom('cpu', 'tpu', '', 'auto')),
    fc.tuple(
      fc.constant('--plugin'),
      fc.constantFrom(FIXTURE_PLUGIN, 'not-installed-strata-plugin', './nowhere'),
    ),
    fc.constantFrom(
      ['--resume'],
      ['--overwrite'],
      ['--force'],
      ['--verbose'],
      ['--epoch', '3'],
      ['-x'],
      ['--'],
    ),
    fc.tuple(fc.constantFrom('--epochs', '--name'), fc.constant('--resume')),
  );
  const positional = fc.constantFrom(
    [],
    ['mnist-mlp'],
    ['mnist-cnn'],
    ['nope'],
    ['a.json'],
    ['mnist-mlp', 'extra'],
  );
  const argv = fc
    .tuple(
      fc.constantFrom('train', 'train', 'train', 'doctor', 'fly'),
      positional,
      fc.array(flag, { maxLength: 7 }),
    )
    .map(([command, pos, flags]) => [command, ...pos, ...flags.flat()]);

  it('parses and checks every combination (no training), or gives a labelled one-line error', async () => {
    let prepared = 0;
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        try {
          const parsed = parseCli(args);
          if (parsed.command !== 'train') return;
          // Runs from the temp folder, so a relative --out or config names nothing of the repository.
          const p = await prepareTrain(
            parsed.positional,
            { out: join(dir, 'empty'), ...parsed.overrides },
            parsed.run,
          );
          expectValid(p.config);
          expect(p.plan.runDir.startsWith(p.config.out)).toBe(true);
          prepared++;
        } catch (e) {
          expectLabelled(e, true);
        }
      }),
      { numRuns: 1200 },
    );
    expect(prepared).toBeGreaterThan(0);
  });

  it('parses any array of strings or gives a labelled one-line ConfigError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('--epochs', '--name', '-h', '--resume', '-1'))),
        (args) => {
          try {
            parseCli(args);
          } catch (e) {
            expectLabelled(e);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
