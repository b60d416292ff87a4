import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { shapeProblems } from './check-packages.mjs';

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
