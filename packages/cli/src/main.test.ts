import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from './args.js';
import { COMMANDS, cliVersion, main } from './main.js';

/** Runs the command with captured output and a fresh runs directory. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('strata train: bad input gives one labelled line, exit code 2, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown preset',
      ['train', 'mnist-resnet'],
      /unknown preset 'mnist-resnet'; presets are fashion-mnist, mnist-cnn, mnist-cnn-long, mnist-mlp/,
    ],
    [
      'a negative learning rate',
      ['train', '--learning-rate=-0.1'],
      /strata\/adam: learningRate: must be a number > 0, got -0.1/,
    ],
    [
      'a batch size of 0',
      ['train', '--batch-size', '0'],
      /batch size: must be an integer from 1 to 65,536, got 0/,
    ],
    [
      'a non-numeric epoch count',
      ['train', '--epochs', 'ten'],
      /--epochs: must be a finite number, got "ten"/,
    ],
    [
      'a negative epoch count (not "argument is ambiguous")',
      ['train', '--epochs', '-1'],
      /strata train: epochs: must be an integer from 1 to 100,000, got -1$/,
    ],
    [
      'an epoch count of a billion',
      ['train', '--epochs', '1000000000'],
      /epochs: must be an integer from 1 to 100,000, got 1000000000$/,
    ],
    [
      'a batch size above its bound',
      ['train', '--batch-size', '100000'],
      /batch size: must be an integer from 1 to 65,536, got 100000$/,
    ],
    [
      'a worker count above its bound',
      ['train', '--workers', '1000'],
      /workers: must be an integer from 0 to 256/,
    ],
    [
      'a negative worker count',
      ['train', '--workers', '-2'],
      /workers: must be an integer from 0 to 256, got -2/,
    ],
    [
      'a validation count above its bound',
      ['train', '--validation', '1e9'],
      /validation: must be an integer from 0 to 10,000,000, got 1000000000$/,
    ],
    ['a negative patience', ['train', '--patience', '-1'], /patience: must be an integer from 0 to 100,000/],
    [
      'an infinite learning rate',
      ['train', '--learning-rate', 'Infinity'],
      /--learning-rate: must be a finite number/,
    ],
    [
      'early stopping without validation',
      ['train', '--patience', '2', '--validation', '0'],
      /patience: early stopping \(patience 2\) monitors val_loss, and validation is 0; hold out images with --validation <n> or turn it off with --patience 0/,
    ],
    [
      'a run name of ..',
      ['train', '--name', '..'],
      /name: must be letters, digits, '\.', '_' or '-' \(not only dots\), got "\.\."/,
    ],
    ['a run name with a path separator', ['train', '--name', '../escape'], /name: must be letters, digits/],
    ['an absolute run name', ['train', '--name', '/tmp/escape'], /name: must be letters, digits/],
    [
      '--overwrite with --resume',
      ['train', '--overwrite', '--resume'],
      /--overwrite: and --resume contradict each other/,
    ],
    ['--force without --resume', ['train', '--force'], /--force: applies to --resume only/],
    [
      'an unknown flag',
      ['train', '--epoch', '3'],
      /arguments: Unknown option '--epoch'.*; run 'strata --help' for the flags/,
    ],
    [
      'an unknown backend',
      ['train', '--backend', 'tpu'],
      /useBackend\(name\): must be one of .*'cpu'.*'wasm'/,
    ],
    ['a missing native backend', ['train', '--backend', 'node-gpu'], /@tensorflow\/tfjs-node-gpu/],
  ];
  it.each(cases)('%s', async (_what, argv, message) => {
    const out = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    const { code, err } = await run(...argv, '--out', out);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^strata: /);
    expect(err[0]).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a learning rate that makes training diverge: one line naming the step, exit 1, no model saved', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    const { code, err } = await run(
      'train',
      'mnist-mlp',
      '--learning-rate',
      '1e30',
      '--epochs',
      '2',
      '--validation',
      '59000',
      '--batch-size',
      '100',
      '--backend',
      'cpu',
      '--out',
      out,
      '--name',
      'nan',
    );
    expect(code).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(
        /^strata: fit: training diverged: step \d+ \(batch \d+ of this epoch\) gave a non-finite loss/,
      ),
    ]);
    expect(existsSync(join(out, 'nan', 'model'))).toBe(false);
    expect(existsSync(join(out, 'nan', 'checkpoint', 'checkpoint.json'))).toBe(false);
  });

  it('a config with an unknown field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ epochs: 2, learningrate: 0.01 }));
    const { code, err } = await run('train', config, '--out', join(dir, 'runs'));
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(
        /config\.json: unknown option 'learningrate'; known options are .*'learningRate'/,
      ),
    ]);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('a config that is not JSON, and a missing config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{ epochs: 2 ');
    expect((await run('train', join(dir, 'bad.json'))).err[0]).toMatch(/is not valid JSON/);
    expect((await run('train', join(dir, 'nope.json'))).err[0]).toMatch(/file not found/);
    mkdirSync(join(dir, 'folder.json'));
    const folder = await run('train', join(dir, 'folder.json'));
    expect(folder.code).toBe(2);
    expect(folder.err).toEqual([
      `strata: strata train ${join(dir, 'folder.json')}: cannot be read (EISDIR); give a preset name or a path to a JSON config file`,
    ]);
  });

  it('an early-stopping callback on a val_ log without validation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ validation: 0, callbacks: [{ id: 'strata/early-stopping', patience: 1 }] }),
    );
    const { code, err } = await run('train', config, '--out', join(dir, 'runs'));
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(
        /callbacks\[0\] 'strata\/early-stopping': monitors val_loss, and validation is 0/,
      ),
    ]);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('--verbose prints the stack after the one line, and only then', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    const quiet = await run('train', '--epochs', '0', '--out', out);
    const verbose = await run('train', '--epochs', '0', '--out', out, '--verbose');
    expect(quiet.code).toBe(2);
    expect(verbose.code).toBe(2);
    expect(quiet.err).toEqual([verbose.err[0]]);
    expect(verbose.err[1]).toMatch(/^ConfigError: /);
    expect(verbose.err.slice(2).every((l) => /^\s+at /.test(l))).toBe(true);
    expect(verbose.err.length).toBeGreaterThan(2);
    // A flag error is shown with its stack too.
    const flag = await run('train', '--epoch', '3', '--verbose');
    expect(flag.err[0]).toMatch(/^strata: arguments: Unknown option '--epoch'/);
    expect(flag.err[1]).toMatch(/^ConfigError: /);
  });

  it('an unknown command', async () => {
    const { code, err } = await run('fly');
    expect(code).toBe(2);
    expect(err[0]).toBe("strata: unknown command 'fly'; commands are train, doctor (strata --help)");
  });
});

describe('strata doctor and help', () => {
  it('lists backends with cpu and wasm available and node-gpu not installed', async () => {
    const { code, out } = await run('doctor');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/wasm/);
    expect(text).toMatch(/@tensorflow\/tfjs-node-gpu/);
  });

  it('prints usage with --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage:/);
  });
});

describe('strata --version and the commands it names', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
    description: string;
  };

  it.each(['--version', '-V'])('%s prints the cli package version alone and exits 0', async (flag) => {
    const { code, out, err } = await run(flag);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([pkg.version]);
    expect(out[0]).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(cliVersion()).toBe(pkg.version);
  });

  it('treats --version after a command as the unknown flag it is there', async () => {
    const { code, err } = await run('doctor', '--version');
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^strata: arguments: Unknown option '--version'/);
  });

  it('runs every command it names, and no other', async () => {
    expect(COMMANDS).toEqual(['train', 'doctor']);
    const unknown = await run('evaluate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual([
      "strata: unknown command 'evaluate'; commands are train, doctor (strata --help)",
    ]);
    // `doctor` runs (train is run by the tests above).
    expect((await run('doctor')).code).toBe(0);
  });

  it('the usage and the package description name exactly the commands that exist', () => {
    const inUsage = [...USAGE.matchAll(/^\s*strata (\w+)/gm)].map((m) => m[1]);
    expect(inUsage).toEqual([...COMMANDS]);
    // "The strata command: train and doctor."
    const listed = pkg.description
      .replace(/^.*?:\s*/, '')
      .replace(/\.$/, '')
      .split(/,\s*|\s+and\s+/);
    expect(listed).toEqual([...COMMANDS]);
  });
});
