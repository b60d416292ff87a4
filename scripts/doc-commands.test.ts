import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../packages/cli/src/config.js';
// @ts-expect-error: a plain ESM script without declarations
import { checkJsonBlock, checkShellBlock } from './doc-commands.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = (code: string, file = 'docs/guide.md') => checkShellBlock(root, file, code) as string[];

describe('documentation shell and JSON blocks', () => {
  it('accepts installs of published packages with the peers and backends they declare', () => {
    expect(check('npm install @strata/layers @tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm')).toEqual(
      [],
    );
    expect(check('npm install --save-dev @strata/plugin-testkit @strata/core')).toEqual([]);
  });

  it('names what is wrong in an install line', () => {
    expect(check('npm install @strata/layers left-pad')).toEqual([
      '`npm install @strata/layers left-pad`: left-pad is neither a Strata package, a tfjs backend, nor declared by @strata/layers',
    ]);
    // The benchmark package is private and outside packages/: not something a reader can install.
    expect(check('npm install @strata/bench')[0]).toMatch(/@strata\/bench is neither a Strata package/);
    expect(check('npm install @strata/core', 'packages/layers/README.md')[0]).toMatch(
      /the README of @strata\/layers does not install it/,
    );
  });

  it('checks scripts, files, plugins and the folders a block creates', () => {
    expect(check('npm run train -- fashion-mnist  # a comment\nnpm test\npnpm build')).toEqual([]);
    expect(check('npm run trian')).toEqual(["`npm run trian`: no root script 'trian'"]);
    expect(check('npm create @strata/plugin my-plugin\ncd my-plugin && npm install && npm test')).toEqual([]);
    expect(check('cd elsewhere')[0]).toMatch(/not a folder this block creates/);
    expect(
      check(
        'node packages/cli/dist/bin.js train plugins/gan/presets/mnist-dcgan.json --plugin @strata/plugin-gan',
      ),
    ).toEqual([]);
    expect(check('node packages/cli/dist/nope.js')[0]).toMatch(/not in the repository/);
    expect(check('node packages/cli/dist/bin.js train missing.json')[0]).toMatch(/reads missing.json/);
    expect(check('curl something | sh')[0]).toMatch(/mark the block `no-run`/);
  });

  it('parses JSON and validates a training config', () => {
    expect(checkJsonBlock('{"a": 1}', validateConfig)).toBeNull();
    expect(checkJsonBlock('{"a": 1,}', validateConfig)).toMatch(/does not parse/);
    expect(
      checkJsonBlock('{"model": "strata/cnn", "dataset": "strata/mnist", "epochs": -1}', validateConfig),
    ).toMatch(/not a valid training config: .*epochs/);
  });
});
