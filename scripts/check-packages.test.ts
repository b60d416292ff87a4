import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import {
  dependencyProblems,
  packageProblems,
  packedFiles,
  publishProblems,
  shapeProblems,
  shippedFileProblem,
  tarballProblems,
} from './check-packages.mjs';

function copyOfCore(edit: (pkg: Record<string, unknown>) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'shape-')), 'packages', 'core');
  cpSync('packages/core', dir, { recursive: true, filter: (p) => !p.includes('node_modules') });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  edit(pkg);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

describe('package shape check', () => {
  it('passes @strata/core', () => {
    expect(shapeProblems('packages/core')).toEqual([]);
  });

  it('fails a package that breaks the shape, naming each problem', () => {
    const dir = copyOfCore((pkg) => {
      pkg.sideEffects = true;
      delete pkg.peerDependencies;
      (pkg.exports as Record<string, Record<string, string>>)['.']!.types = './index.d.ts';
    });
    const problems: string[] = shapeProblems(dir);
    expect(problems).toContain('"sideEffects" must be false (nothing registers itself on import)');
    expect(problems).toContain('peerDependencies must have "@tensorflow/tfjs-core": "^4.22.0"');
    expect(problems).toContain('exports["."].types must be "./dist/index.d.ts"');
  });
});

describe('concept packages', () => {
  it('may depend on @strata/core and on packages outside Strata', () => {
    const pkg = { name: '@strata/optim', dependencies: { '@strata/core': 'workspace:^', semver: '^7' } };
    expect(dependencyProblems(pkg)).toEqual([]);
  });

  it('may not depend on another concept package, as a dependency or a peer', () => {
    const pkg = {
      name: '@strata/layers',
      dependencies: { '@strata/core': 'workspace:^', '@strata/backends': 'workspace:^' },
      peerDependencies: { '@strata/augment': '^1.0.0' },
      devDependencies: { '@strata/optim': 'workspace:^' },
    };
    const problems: string[] = dependencyProblems(pkg);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^@strata\/layers has @strata\/backends in dependencies; concept packages/);
    expect(problems[1]).toMatch(/^@strata\/layers has @strata\/augment in peerDependencies;/);
  });

  it('leaves the composing packages alone', () => {
    const pkg = {
      name: '@strata/train',
      dependencies: { '@strata/layers': 'workspace:^', '@strata/optim': '1' },
    };
    expect(dependencyProblems(pkg)).toEqual([]);
  });
});

describe('tarball contents', () => {
  it('lets sources, builds, docs and the public testing entry ship', () => {
    for (const path of [
      'package.json',
      'README.md',
      'dist/index.js',
      'dist/index.d.ts.map',
      'src/testing/check-gradients.ts',
      'dist/testing/run-example.js',
      'src/latest.ts',
      'src/contest.ts',
    ]) {
      expect(shippedFileProblem(path)).toBeNull();
    }
  });

  it('names build state, tests, type tests, helpers and fixtures', () => {
    expect(shippedFileProblem('dist/.tsbuildinfo')).toMatch(/^TypeScript build state/);
    expect(shippedFileProblem('dist/tsconfig.tsbuildinfo')).toMatch(/^TypeScript build state/);
    expect(shippedFileProblem('src/adam.test.ts')).toMatch(/^a test;/);
    expect(shippedFileProblem('dist/adam.test.js')).toMatch(/^a test;/);
    expect(shippedFileProblem('src/registry.test-d.ts')).toMatch(/^a type test;/);
    expect(shippedFileProblem('src/testing/seed-cnn.test-util.ts')).toMatch(/^a test helper;/);
    expect(shippedFileProblem('src/kernels/cpu-suite.test.util.ts')).toMatch(
      /name test helpers \*\.test-util\.ts/,
    );
    expect(shippedFileProblem('src/parallel/orphan-child.test-fixture.ts')).toMatch(/^test support;/);
    expect(shippedFileProblem('src/fit.test-helpers.ts')).toMatch(/^test support;/);
    expect(shippedFileProblem('test/fixtures/plugin/index.js')).toMatch(/^a test fixture;/);
    expect(shippedFileProblem('src/fixture.json')).toMatch(/^a test fixture;/);
  });

  it('names the package and each file it would ship', () => {
    const files = ['package.json', 'dist/index.js', 'dist/.tsbuildinfo', 'src/a.test-util.ts'];
    expect(tarballProblems('@strata/x', files)).toEqual([
      `@strata/x's tarball holds dist/.tsbuildinfo: TypeScript build state; exclude "!**/*.tsbuildinfo" in "files"`,
      `@strata/x's tarball holds src/a.test-util.ts: a test helper; exclude "!**/*.test-util.*" in "files"`,
    ]);
  });

  it('reads what npm would pack: @strata/core ships no build state and no test support', () => {
    const files: string[] = packedFiles('packages/core');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('src/testing/run-example.ts');
    expect(files.filter((f) => shippedFileProblem(f) !== null)).toEqual([]);
    expect(packageProblems('packages/core')).toEqual([]);
  });

  it('fails a package whose "files" lets build state and test support through', () => {
    const dir = copyOfCore((pkg) => {
      pkg.files = ['dist', 'src'];
    });
    writeFileSync(join(dir, 'dist', '.tsbuildinfo'), '{}');
    writeFileSync(join(dir, 'src', 'tree.test-util.ts'), 'export const helper = 1;\n');
    const problems: string[] = packageProblems(dir);
    expect(problems).toContain(
      `@strata/core's tarball holds dist/.tsbuildinfo: TypeScript build state; exclude "!**/*.tsbuildinfo" in "files"`,
    );
    expect(problems).toContain(
      `@strata/core's tarball holds src/tree.test-util.ts: a test helper; exclude "!**/*.test-util.*" in "files"`,
    );
    expect(problems).toContain(
      `@strata/core's tarball holds src/tree.test.ts: a test; exclude "!**/*.test.*" in "files"`,
    );
    expect(problems).toContain(
      `@strata/core's tarball holds src/registry.test-d.ts: a type test; exclude "!**/*.test-d.ts" in "files"`,
    );
  });
});

describe('what the npm page needs', () => {
  const core = () => JSON.parse(readFileSync('packages/core/package.json', 'utf8'));
  const readme = () => readFileSync('packages/core/README.md', 'utf8');

  it('passes @strata/core', () => {
    expect(publishProblems('packages/core', core(), readme())).toEqual([]);
  });

  it('names a missing field, a missing install line and a link npm cannot follow', () => {
    const pkg = core();
    delete pkg.engines;
    pkg.repository = {
      type: 'git',
      url: 'git+https://example.invalid/other.git',
      directory: 'packages/core',
    };
    delete pkg.homepage;
    const text =
      '# @strata/core\n\nSee [the design](../../docs/architecture.md) and [the site](https://x.y/).\n';
    const problems: string[] = publishProblems('packages/core', pkg, text);
    expect(problems).toEqual([
      '"engines": { "node": ">=20.19" } is required',
      '"repository" must be { "type": "git", "url": "git+https://github.com/strata-ml/strata.git", "directory": "packages/core" }',
      '"homepage" must be an https address (the docs site or the package folder in the repository)',
      'README.md must show how to install it (`npm install @strata/core …`)',
      'README.md links to ../../docs/architecture.md, which npm cannot follow; link to https://github.com/strata-ml/strata/blob/main/… or the docs site',
    ]);
  });

  it('leaves private packages alone', () => {
    expect(publishProblems('docs', { name: '@strata/docs', private: true }, '')).toEqual([]);
  });
});
