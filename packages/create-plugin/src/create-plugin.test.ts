import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlugin } from './create-plugin.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'create-plugin-'));

describe('createPlugin', () => {
  it('writes the whole package with the name, namespace and Strata range filled in everywhere', () => {
    const dir = join(fresh(), 'strata-plugin-vision');
    const files = createPlugin(dir, { strata: '^0.1.0' });
    expect(files).toEqual([
      '.changeset/config.json',
      '.gitignore',
      'README.md',
      'package.json',
      'src/index.test.ts',
      'src/index.ts',
      'src/mlp.ts',
      'src/scale.ts',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/__(NAME|NAMESPACE|STRATA_RANGE)__/);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('strata-plugin-vision');
    expect(pkg.peerDependencies['@strata/core']).toBe('^0.1.0');
    expect(pkg.devDependencies['@strata/plugin-testkit']).toBe('^0.1.0');
    expect(readFileSync(join(dir, 'src/index.test.ts'), 'utf8')).toContain("'vision/scale': {");
    expect(readFileSync(join(dir, 'src/scale.ts'), 'utf8')).toContain(
      "new ConfigError('vision/scale({init})'",
    );
  });

  it('takes an explicit name and namespace for a scoped package', () => {
    const dir = join(fresh(), 'anything');
    createPlugin(dir, { name: '@acme/strata-plugin-audio', namespace: 'audio' });
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe(
      '@acme/strata-plugin-audio',
    );
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toContain("namespace: 'audio'");
  });

  it('refuses a folder that is not empty, a bad package name and a bad namespace', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x.txt'), 'x');
    expect(() => createPlugin(join(dir, 'taken'))).toThrow(/is not empty; choose a new folder/);
    expect(() => createPlugin(join(dir, 'Bad Name'))).toThrow(/'Bad Name' is not a valid npm package name/);
    expect(() => createPlugin(join(dir, 'ok'), { namespace: '9lives' })).toThrow(
      /namespace '9lives' must start with a letter/,
    );
  });
});
